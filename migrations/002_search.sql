-- Full-text search over actions: every text field of the action, its section
-- and its document's title, area, organisation and file name. The index is a
-- plain FTS5 table keyed by the action's id and kept in step by triggers, so
-- any writer (the pipeline, a script, the sqlite3 shell) keeps it in sync.
-- Porter stemming: "transfers" finds "transfer"; prefix ("volunt*") and
-- phrase ("asset transfer") queries work as usual in FTS5.

CREATE VIRTUAL TABLE actions_fts USING fts5(
  section, ref, action, output, outcome, milestone, due, lead, resources, funding, progress,
  title, area, organisation, source,
  tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE TRIGGER actions_fts_insert AFTER INSERT ON actions BEGIN
  INSERT INTO actions_fts (rowid, section, ref, action, output, outcome, milestone, due, lead, resources, funding, progress, title, area, organisation, source)
  SELECT new.id, new.section, new.ref, new.action, new.output, new.outcome, new.milestone, new.due, new.lead, new.resources, new.funding, new.progress,
         d.title, d.area, d.organisation, d.source
  FROM documents d WHERE d.id = new.document_id;
END;

CREATE TRIGGER actions_fts_delete AFTER DELETE ON actions BEGIN
  DELETE FROM actions_fts WHERE rowid = old.id;
END;

CREATE TRIGGER actions_fts_update AFTER UPDATE OF document_id, section, ref, action, output, outcome, milestone, due, lead, resources, funding, progress ON actions BEGIN
  DELETE FROM actions_fts WHERE rowid = old.id;
  INSERT INTO actions_fts (rowid, section, ref, action, output, outcome, milestone, due, lead, resources, funding, progress, title, area, organisation, source)
  SELECT new.id, new.section, new.ref, new.action, new.output, new.outcome, new.milestone, new.due, new.lead, new.resources, new.funding, new.progress,
         d.title, d.area, d.organisation, d.source
  FROM documents d WHERE d.id = new.document_id;
END;

CREATE TRIGGER actions_fts_document_update AFTER UPDATE OF title, area, organisation, source ON documents BEGIN
  UPDATE actions_fts SET title = new.title, area = new.area, organisation = new.organisation, source = new.source
  WHERE rowid IN (SELECT id FROM actions WHERE document_id = new.id);
END;

-- Databases made before this migration: index what is already there.
INSERT INTO actions_fts (rowid, section, ref, action, output, outcome, milestone, due, lead, resources, funding, progress, title, area, organisation, source)
SELECT a.id, a.section, a.ref, a.action, a.output, a.outcome, a.milestone, a.due, a.lead, a.resources, a.funding, a.progress,
       d.title, d.area, d.organisation, d.source
FROM actions a JOIN documents d ON d.id = a.document_id;

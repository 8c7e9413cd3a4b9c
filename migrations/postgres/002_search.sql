-- PostgreSQL's full-text search in place of FTS5: one weighted tsvector per
-- action (English stemming, as FTS5's porter), kept in step by triggers as in
-- SQLite, so any writer keeps it in sync. Weights follow the bm25 weights of
-- src/research/search.ts: the action's text (A) above output and outcome (B),
-- section, milestone, funding and progress (C), and the rest (D).
CREATE TABLE actions_fts (
  rowid     BIGINT PRIMARY KEY,
  document  tsvector NOT NULL
);
CREATE INDEX actions_fts_document ON actions_fts USING gin (document);

CREATE FUNCTION actions_fts_vector(aid BIGINT) RETURNS tsvector LANGUAGE sql AS $$
  SELECT setweight(to_tsvector('english', coalesce(a.action, '')), 'A')
      || setweight(to_tsvector('english', concat_ws(' ', a.output, a.outcome)), 'B')
      || setweight(to_tsvector('english', concat_ws(' ', a.section, a.milestone, a.funding, a.progress)), 'C')
      || setweight(to_tsvector('english', concat_ws(' ', a.ref, a.due, a.lead, a.resources, d.title, d.area, d.organisation, d.source)), 'D')
  FROM actions a JOIN documents d ON d.id = a.document_id WHERE a.id = aid
$$;

CREATE FUNCTION actions_fts_action() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    DELETE FROM actions_fts WHERE rowid = OLD.id;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO actions_fts (rowid, document) VALUES (NEW.id, actions_fts_vector(NEW.id));
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER actions_fts_insert AFTER INSERT ON actions FOR EACH ROW EXECUTE FUNCTION actions_fts_action();
CREATE TRIGGER actions_fts_delete AFTER DELETE ON actions FOR EACH ROW EXECUTE FUNCTION actions_fts_action();
CREATE TRIGGER actions_fts_update AFTER UPDATE OF document_id, section, ref, action, output, outcome, milestone, due, lead, resources, funding, progress
  ON actions FOR EACH ROW EXECUTE FUNCTION actions_fts_action();

CREATE FUNCTION actions_fts_document() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE actions_fts SET document = actions_fts_vector(rowid) WHERE rowid IN (SELECT id FROM actions WHERE document_id = NEW.id);
  RETURN NULL;
END $$;

CREATE TRIGGER actions_fts_document_update AFTER UPDATE OF title, area, organisation, source ON documents
  FOR EACH ROW EXECUTE FUNCTION actions_fts_document();

INSERT INTO actions_fts (rowid, document) SELECT id, actions_fts_vector(id) FROM actions;

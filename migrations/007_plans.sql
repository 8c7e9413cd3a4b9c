-- Plan identity: the same plan stored as several files (Word, PDF, scan, text
-- export) and as several versions. Each document is linked to one plan:
-- 'same' (the content of a version already stored, in another format or copy)
-- or 'version' (a revision: most actions shared, some added, removed or
-- edited). Documents linked 'same' share a version number.
CREATE TABLE plans (
  id                INTEGER PRIMARY KEY,
  title             TEXT,
  organisation      TEXT,
  area              TEXT,
  -- the best extraction of the latest version (text layer over OCR, fewer
  -- low-confidence words, more records); counted once by search, compare, report
  best_document_id  INTEGER REFERENCES documents(id) ON DELETE SET NULL,
  created_at        TEXT NOT NULL
);

CREATE TABLE plan_documents (
  document_id   INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
  plan_id       INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  version       INTEGER NOT NULL,          -- 1, 2, ... in the order versions arrived
  link          TEXT NOT NULL CHECK (link IN ('same', 'version')),
  similarity    REAL NOT NULL,             -- 0..1, against matched_document_id (1 for a plan's first file)
  matched_document_id INTEGER REFERENCES documents(id) ON DELETE SET NULL
);
CREATE INDEX plan_documents_plan ON plan_documents(plan_id, version);
CREATE INDEX plans_best ON plans(best_document_id);


-- The similarity index: locality-sensitive hash keys of each document's
-- content (MinHash bands), so candidates are found without scanning.
CREATE TABLE plan_index (
  key          INTEGER NOT NULL,
  document_id  INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE
);
CREATE INDEX plan_index_key ON plan_index(key);
CREATE INDEX plan_index_document ON plan_index(document_id);

-- What changed when a document arrived as a new version of a plan, recorded at
-- import time (the earlier file may later be replaced or removed).
CREATE TABLE plan_changes (
  id                INTEGER PRIMARY KEY,
  document_id       INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  from_document_id  INTEGER,               -- no foreign key: kept when that file goes
  kind              TEXT NOT NULL CHECK (kind IN ('added', 'removed', 'reworded', 'status', 'due', 'lead', 'cost')),
  ref               TEXT,
  action            TEXT,
  before            TEXT,
  after             TEXT
);
CREATE INDEX plan_changes_document ON plan_changes(document_id);

-- One row per action of each plan's best extraction of its latest version:
-- what to count when each plan should count once.
CREATE VIEW plan_actions AS
SELECT p.id AS plan_id, f.*
FROM plans p JOIN actions_flat f ON f.document_id = p.best_document_id;

-- Counts by area, one count per plan (the all-files views keep every file).
DROP VIEW IF EXISTS themes_by_area;
DROP VIEW IF EXISTS rag_by_area;

CREATE VIEW themes_by_area AS
SELECT coalesce(area, '(unknown)') AS area, coalesce(theme, '(unclassified)') AS theme, count(*) AS actions,
       round(1.0 * count(*) / sum(count(*)) OVER (PARTITION BY coalesce(area, '(unknown)')), 4) AS share
FROM plan_actions
GROUP BY 1, 2;

CREATE VIEW rag_by_area AS
SELECT coalesce(area, '(unknown)') AS area,
       sum(status = 'R') AS red, sum(status = 'A') AS amber, sum(status = 'G') AS green,
       sum(status IS NULL) AS no_status, count(*) AS actions
FROM plan_actions
GROUP BY 1;

CREATE VIEW themes_by_area_all_files AS
SELECT coalesce(area, '(unknown)') AS area, coalesce(theme, '(unclassified)') AS theme, count(*) AS actions,
       round(1.0 * count(*) / sum(count(*)) OVER (PARTITION BY coalesce(area, '(unknown)')), 4) AS share
FROM actions_flat
GROUP BY 1, 2;

CREATE VIEW rag_by_area_all_files AS
SELECT coalesce(area, '(unknown)') AS area,
       sum(status = 'R') AS red, sum(status = 'A') AS amber, sum(status = 'G') AS green,
       sum(status IS NULL) AS no_status, count(*) AS actions
FROM actions_flat
GROUP BY 1;

-- Themes: one primary theme per action (see README, "Research"), set by the
-- classifier when a document is stored; rows stored before this migration
-- are classified the first time a research command opens the database
-- (theme IS NULL), and all rows again whenever theme_model.version changes.
ALTER TABLE actions ADD COLUMN theme TEXT;
ALTER TABLE actions ADD COLUMN theme_confidence REAL;
CREATE INDEX actions_theme ON actions(theme);

CREATE TABLE theme_model (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  version     TEXT NOT NULL,
  applied_at  TEXT NOT NULL
);

-- Views for exploring with any SQLite tool.

-- One row per action with its document's columns and its theme.
CREATE VIEW actions_flat AS
SELECT a.id AS action_id, d.id AS document_id,
       d.source, d.path, d.title, d.organisation, d.area, d.period, d.format, d.kind,
       a.position, a.section, a.ref, a.action, a.output, a.outcome, a.milestone, a.due, a.lead,
       a.resources, a.funding, a.status, a.progress, a.due_date, a.cost_gbp,
       CAST(substr(a.due_date, 1, 4) AS INTEGER) AS due_year,
       a.theme, a.theme_confidence, a.page, a.row
FROM actions a JOIN documents d ON d.id = a.document_id;

-- Actions per area and theme, with the theme's share of the area's actions.
CREATE VIEW themes_by_area AS
SELECT coalesce(area, '(unknown)') AS area, coalesce(theme, '(unclassified)') AS theme, count(*) AS actions,
       round(1.0 * count(*) / sum(count(*)) OVER (PARTITION BY coalesce(area, '(unknown)')), 4) AS share
FROM actions_flat
GROUP BY 1, 2;

-- RAG status counts per area.
CREATE VIEW rag_by_area AS
SELECT coalesce(area, '(unknown)') AS area,
       sum(status = 'R') AS red, sum(status = 'A') AS amber, sum(status = 'G') AS green,
       sum(status IS NULL) AS no_status, count(*) AS actions
FROM actions_flat
GROUP BY 1;

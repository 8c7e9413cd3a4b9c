-- A correction carried to another file of the same plan (its Word original and
-- PDF, or a new version at another path) keeps the id of the correction it was
-- first made as: where it came from, and never carried twice to one file.
ALTER TABLE corrections ADD COLUMN origin_id INTEGER;
CREATE INDEX corrections_origin ON corrections(origin_id);

-- What a file says of which version it is (a date or version number in its
-- title or name, the period, its modification time), as JSON: versions of a
-- plan are numbered by it, arrival order only where it tells nothing.
ALTER TABLE plan_documents ADD COLUMN evidence TEXT;

-- The candidate search reads only (key, document_id): an index holding both
-- answers it without a table read per posting (the tail of matching time).
CREATE INDEX plan_index_key_document ON plan_index(key, document_id);
DROP INDEX plan_index_key;

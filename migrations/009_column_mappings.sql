-- How each plan table's columns were mapped to fields (label, cells, confidence),
-- as JSON: [{"page": 1, "columns": [{"col": 0, "header": "Ref", "field": "ref", ...}]}].
-- Null for documents stored before mappings were recorded.
ALTER TABLE documents ADD COLUMN columns TEXT;

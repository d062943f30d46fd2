-- ragbook schema version 6: a key measure may evidence a deliverable, and the report shows it
-- under that deliverable as well as in the key measure tables.

-- The deliverable's id; NULL for a measure that stands alone.
ALTER TABLE measures ADD COLUMN deliverable TEXT;

-- ragbook schema version 7: publishing a quarter keeps its report to Cabinet (performance and
-- budget monitoring) beside the performance report, where budget figures are held.

-- NULL where no budget figures were held when the quarter was published.
ALTER TABLE publications ADD COLUMN cabinet_html TEXT;
ALTER TABLE publications ADD COLUMN cabinet_pdf BYTEA;

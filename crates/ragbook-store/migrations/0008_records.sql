-- ragbook schema version 8: one way to keep a record. Priorities, deliverables, key measures and
-- their quarterly updates are kept whole as JSON by kind and key, as budget monitoring records
-- already were, so that a new field of a record needs no change here. The numbers the large
-- tables (values, targets, benchmarks) refer to a measure by move to their own table.
--
-- This file is applied together with the move of the plan's records into `records` and the
-- drop of their old tables, in one transaction (ragbook-store's upgrade.rs).

ALTER TABLE finance_records RENAME TO records;

CREATE TABLE measure_numbers (
    id TEXT PRIMARY KEY,
    number BIGINT NOT NULL UNIQUE
);
INSERT INTO measure_numbers (id, number) SELECT id, number FROM measures;

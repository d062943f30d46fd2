-- ragbook schema version 2: what the quarterly report needs beyond version 1.

-- An editor's choice of key area (success, consideration, exclude) for a deliverable's quarter.
ALTER TABLE deliverable_updates ADD COLUMN key_area TEXT;

-- Measure commentary per quarter, and a rating set by hand in place of the rule's, with why.
CREATE TABLE measure_updates (
    measure BIGINT NOT NULL,
    quarter BIGINT NOT NULL,
    commentary TEXT,
    issue TEXT,
    response TEXT,
    key_area TEXT,
    rating TEXT,
    rating_reason TEXT,
    created_in BIGINT NOT NULL,
    revised_in BIGINT,
    PRIMARY KEY (measure, quarter)
);

-- Comparison figures (national, regional, statistical neighbours).
CREATE TABLE benchmarks (
    measure BIGINT NOT NULL,
    series TEXT NOT NULL,
    period BIGINT NOT NULL,
    value TEXT NOT NULL,
    created_in BIGINT NOT NULL,
    revised_in BIGINT,
    PRIMARY KEY (measure, series, period)
);

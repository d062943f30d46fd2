-- ragbook schema version 1. Portable SQL: the same statements create the schema in SQLite and
-- PostgreSQL. Decimals are TEXT (exact, as typed), dates ISO TEXT, periods BIGINT keys
-- (Period::key in ragbook-core). See docs/storage.md.

-- Organisation, plan and settings, as key-value pairs.
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Every import, lock or edit: who, when, why, from what.
CREATE TABLE changes (
    id BIGINT PRIMARY KEY,
    at TEXT NOT NULL,
    by_whom TEXT NOT NULL,
    kind TEXT NOT NULL,
    source TEXT,
    reason TEXT
);

CREATE TABLE priorities (
    id TEXT PRIMARY KEY,
    position BIGINT NOT NULL,
    parent TEXT,
    title TEXT NOT NULL,
    short_title TEXT,
    description TEXT,
    created_in BIGINT NOT NULL,
    revised_in BIGINT
);

CREATE TABLE deliverables (
    id TEXT PRIMARY KEY,
    position BIGINT NOT NULL,
    title TEXT NOT NULL,
    short_title TEXT,
    priorities TEXT NOT NULL,
    lead TEXT,
    department TEXT,
    start_date TEXT,
    expected_completion TEXT,
    original_completion TEXT,
    created_in BIGINT NOT NULL,
    revised_in BIGINT
);

CREATE TABLE deliverable_updates (
    deliverable TEXT NOT NULL,
    quarter BIGINT NOT NULL,
    rating TEXT,
    commentary TEXT,
    issue TEXT,
    response TEXT,
    completed TEXT,
    expected_completion TEXT,
    created_in BIGINT NOT NULL,
    revised_in BIGINT,
    PRIMARY KEY (deliverable, quarter)
);

-- `number` is the measure's internal key in the large tables below.
CREATE TABLE measures (
    id TEXT PRIMARY KEY,
    number BIGINT NOT NULL UNIQUE,
    position BIGINT NOT NULL,
    title TEXT NOT NULL,
    short_title TEXT,
    priorities TEXT NOT NULL,
    unit TEXT NOT NULL,
    decimals BIGINT NOT NULL,
    polarity TEXT NOT NULL,
    frequency TEXT NOT NULL,
    basis TEXT NOT NULL,
    method TEXT NOT NULL,
    owner TEXT,
    department TEXT,
    national_code TEXT,
    created_in BIGINT NOT NULL,
    revised_in BIGINT
);

CREATE TABLE measure_values (
    measure BIGINT NOT NULL,
    period BIGINT NOT NULL,
    value TEXT,
    status TEXT NOT NULL,
    as_of TEXT,
    note TEXT,
    created_in BIGINT NOT NULL,
    revised_in BIGINT,
    PRIMARY KEY (measure, period)
);

CREATE TABLE targets (
    measure BIGINT NOT NULL,
    period BIGINT NOT NULL,
    target TEXT NOT NULL,
    full_year TEXT,
    created_in BIGINT NOT NULL,
    revised_in BIGINT,
    PRIMARY KEY (measure, period)
);

-- Every change to a held record: the record as it was and as it became (JSON), and whether
-- it restated a locked quarter. Inserted records are not repeated here: created_in names
-- the change that made them.
CREATE TABLE revisions (
    id BIGINT PRIMARY KEY,
    change_id BIGINT NOT NULL,
    record TEXT NOT NULL,
    record_key TEXT NOT NULL,
    old TEXT,
    new TEXT NOT NULL,
    restatement BIGINT NOT NULL
);
CREATE INDEX revisions_by_record ON revisions (record_key);

-- A quarter locked once reported, with everything held at that moment (JSON), so it can be
-- read back exactly.
CREATE TABLE locks (
    quarter BIGINT PRIMARY KEY,
    change_id BIGINT NOT NULL,
    snapshot TEXT NOT NULL
);

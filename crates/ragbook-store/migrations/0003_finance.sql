-- ragbook schema version 3: budget monitoring.
--
-- Each finance record (a portfolio, a budget line, a revenue line's quarter, savings, the
-- general reserve, commitments, earmarked reserves, traded services, aged debt, grants) is
-- kept whole as JSON, under the package table it comes from and its key. They are few (hundreds
-- a year, not millions), are always read together, and change shape as finance reporting
-- grows; revisions of them are kept like every other record's.
CREATE TABLE finance_records (
    kind TEXT NOT NULL,
    record_key TEXT NOT NULL,
    position BIGINT NOT NULL,
    body TEXT NOT NULL,
    created_in BIGINT NOT NULL,
    revised_in BIGINT,
    PRIMARY KEY (kind, record_key)
);

-- The Cabinet portfolio a deliverable or measure reports under.
ALTER TABLE deliverables ADD COLUMN portfolio TEXT;
ALTER TABLE measures ADD COLUMN portfolio TEXT;

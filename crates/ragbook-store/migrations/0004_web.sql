-- ragbook schema version 4: people, the quarterly update cycle and published reports.

-- People who sign in. Passwords are kept only as argon2id hashes (PHC strings).
CREATE TABLE users (
    name TEXT PRIMARY KEY,
    full_name TEXT NOT NULL,
    role TEXT NOT NULL,
    department TEXT,
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- Keys for machine feeds: each may write measure values for one department. Only a SHA-256
-- hash of the key is kept.
CREATE TABLE api_tokens (
    token_hash TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    department TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- A quarter's update cycle: opened by the performance team, then published.
CREATE TABLE cycles (
    quarter BIGINT PRIMARY KEY,
    state TEXT NOT NULL,
    opened_by TEXT NOT NULL,
    opened_at TEXT NOT NULL,
    published_by TEXT,
    published_at TEXT
);

-- Where each item's update for a quarter is in the cycle. `version` rises with every save,
-- submission, return or approval, so two people editing one update cannot overwrite each
-- other unawares.
CREATE TABLE update_states (
    item TEXT NOT NULL,
    quarter BIGINT NOT NULL,
    state TEXT NOT NULL,
    version BIGINT NOT NULL,
    comment TEXT,
    by_whom TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (item, quarter)
);

-- A published report: the exact HTML and PDF made when the quarter was locked.
CREATE TABLE publications (
    quarter BIGINT PRIMARY KEY,
    published_by TEXT NOT NULL,
    published_at TEXT NOT NULL,
    html TEXT NOT NULL,
    pdf BYTEA NOT NULL
);

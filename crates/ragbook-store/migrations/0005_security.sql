-- ragbook schema version 5: accounts that can be disabled, feed keys that show their last use,
-- and sessions kept in the database (so a restart signs nobody out, and several servers can
-- share them).

-- When an administrator disabled the account; NULL while it may sign in.
ALTER TABLE users ADD COLUMN disabled_at TEXT;

-- The person's email address, by which sign-in through the council's identity provider
-- (OpenID Connect) finds them; NULL for password sign-in only.
ALTER TABLE users ADD COLUMN email TEXT;

-- When the key was last used to write a figure; NULL until then.
ALTER TABLE api_tokens ADD COLUMN last_used_at TEXT;

-- Signed-in sessions. Only a SHA-256 hash of the session id (the cookie's secret) is kept;
-- `expires` is in seconds since 1970 (UTC), so expired rows can be found and removed.
CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    data TEXT NOT NULL,
    expires BIGINT NOT NULL
);
CREATE INDEX sessions_by_expiry ON sessions (expires);

-- Sign-in throttling: one row per failed attempt, per case number and per client address.
CREATE TABLE sign_in_failures (
    scope TEXT NOT NULL CHECK (scope IN ('case', 'client')),
    key TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX sign_in_failures_key ON sign_in_failures (scope, key, at);

-- How a session was opened; BankID / ID-porten (OpenID Connect) become further values.
ALTER TABLE sessions ADD COLUMN method TEXT NOT NULL DEFAULT 'letter_code';
CREATE INDEX sessions_subject ON sessions (subject_kind, subject_id);

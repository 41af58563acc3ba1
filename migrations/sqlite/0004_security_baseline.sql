-- Sign-in throttling as counters, so an attempt is reserved atomically before its code is checked
-- (one conditional upsert; see auth::throttle for the rules). The per-attempt rows go.
DROP TABLE sign_in_failures;
CREATE TABLE sign_in_throttle (
    scope TEXT NOT NULL CHECK (scope IN ('client', 'case_client')),
    key TEXT NOT NULL,
    attempts INTEGER NOT NULL CHECK (attempts >= 0),
    window_start INTEGER NOT NULL,
    blocked_until INTEGER NOT NULL,
    PRIMARY KEY (scope, key)
);
CREATE INDEX sign_in_throttle_window ON sign_in_throttle (window_start);

-- A letter's access codes: one live at a time, each with an expiry; reissuing revokes the old one.
CREATE TABLE access_codes (
    id TEXT PRIMARY KEY,
    claim_id TEXT NOT NULL REFERENCES claims (id),
    code_hash TEXT NOT NULL,
    issued_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked_at INTEGER
);
CREATE INDEX access_codes_claim ON access_codes (claim_id);
-- Codes already sent keep working for 180 days from their claim's registration.
INSERT INTO access_codes (id, claim_id, code_hash, issued_at, expires_at)
    SELECT id, id, access_code_hash, created_at, created_at + 180 * 86400 FROM claims;
ALTER TABLE claims DROP COLUMN access_code_hash;

-- A session opened with a letter's code sees that letter's claims, and those of letters added to it.
CREATE TABLE session_claims (
    token_hash TEXT NOT NULL REFERENCES sessions (token_hash) ON DELETE CASCADE,
    claim_id TEXT NOT NULL REFERENCES claims (id),
    PRIMARY KEY (token_hash, claim_id)
);

-- Creditors' systems call the API with a key an administrator made. Only the key's SHA-256 is
-- kept (the key is 256 random bits, so a fast hash is enough); `prefix` is its first characters,
-- to tell keys apart in the list. A revoked key stays, so its decisions keep their author.
CREATE TABLE api_keys (
    id TEXT PRIMARY KEY,
    creditor_id TEXT NOT NULL REFERENCES creditors (id),
    name TEXT NOT NULL,
    key_hash TEXT NOT NULL UNIQUE,
    prefix TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES staff_users (id),
    created_at INTEGER NOT NULL,
    last_used_at INTEGER,
    revoked_at INTEGER
);
CREATE INDEX api_keys_creditor ON api_keys (creditor_id);

-- A decision is made by a person (staff_id) or by a creditor's system (api_key_id), never both.
CREATE TABLE decisions_v2 (
    id TEXT PRIMARY KEY,
    item_kind TEXT NOT NULL CHECK (item_kind IN ('plan_proposal', 'dispute', 'deferral', 'review_request')),
    item_id TEXT NOT NULL,
    claim_id TEXT REFERENCES claims (id),
    staff_id TEXT REFERENCES staff_users (id),
    api_key_id TEXT REFERENCES api_keys (id),
    outcome TEXT NOT NULL,
    reason TEXT,
    note TEXT NOT NULL,
    amount INTEGER CHECK (amount IS NULL OR amount > 0),
    decided_at INTEGER NOT NULL,
    UNIQUE (item_kind, item_id),
    CHECK ((staff_id IS NULL) <> (api_key_id IS NULL))
);
INSERT INTO decisions_v2 (id, item_kind, item_id, claim_id, staff_id, outcome, reason, note, amount, decided_at)
    SELECT id, item_kind, item_id, claim_id, staff_id, outcome, reason, note, amount, decided_at FROM decisions;
DROP TABLE decisions;
ALTER TABLE decisions_v2 RENAME TO decisions;
CREATE INDEX decisions_claim ON decisions (claim_id);

-- An `Idempotency-Key` a creditor's system sent with a POST: the request it came with (method,
-- path and body, hashed) and, once answered, the answer, replayed for a retry of the same request.
-- `status` is NULL while the first request is still being answered.
CREATE TABLE idempotency_keys (
    creditor_id TEXT NOT NULL REFERENCES creditors (id),
    idem_key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status INTEGER,
    body TEXT,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (creditor_id, idem_key)
);

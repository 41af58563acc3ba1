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
    created_at BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at BIGINT
);
CREATE INDEX api_keys_creditor ON api_keys (creditor_id);

-- A decision is made by a person (staff_id) or by a creditor's system (api_key_id), never both.
ALTER TABLE decisions ALTER COLUMN staff_id DROP NOT NULL;
ALTER TABLE decisions ADD COLUMN api_key_id TEXT REFERENCES api_keys (id);
ALTER TABLE decisions ADD CONSTRAINT decisions_one_author CHECK ((staff_id IS NULL) <> (api_key_id IS NULL));

-- An `Idempotency-Key` a creditor's system sent with a POST: the request it came with (method,
-- path and body, hashed) and, once answered, the answer, replayed for a retry of the same request.
-- `status` is NULL while the first request is still being answered.
CREATE TABLE idempotency_keys (
    creditor_id TEXT NOT NULL REFERENCES creditors (id),
    idem_key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status BIGINT,
    body TEXT,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (creditor_id, idem_key)
);

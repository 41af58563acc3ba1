-- A debtor's dispute of a claim (bestridande / innsigelse). Collection pauses the moment it is
-- stored; the creditor answers it in its workspace. One open dispute per claim.
CREATE TABLE disputes (
    id TEXT PRIMARY KEY,
    -- What the debtor quotes when writing or phoning: 'D-' and eight unambiguous characters.
    reference TEXT NOT NULL UNIQUE,
    claim_id TEXT NOT NULL REFERENCES claims (id),
    debtor_id TEXT NOT NULL REFERENCES debtors (id),
    reason TEXT NOT NULL CHECK (reason IN ('already_paid', 'wrong_amount', 'not_received', 'not_my_debt', 'other')),
    state TEXT NOT NULL CHECK (state IN ('open', 'upheld', 'rejected')),
    -- The claim's status before the dispute, for the creditor's answer to restore.
    status_before TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    decided_at INTEGER
);
CREATE INDEX disputes_claim ON disputes (claim_id);
CREATE UNIQUE INDEX disputes_one_open ON disputes (claim_id) WHERE state = 'open';

-- What the debtor wrote: the dispute's explanation, then each addition sent later.
CREATE TABLE dispute_entries (
    id TEXT PRIMARY KEY,
    dispute_id TEXT NOT NULL REFERENCES disputes (id),
    explanation TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX dispute_entries_dispute ON dispute_entries (dispute_id);

-- A debtor's request to move the pay-by date. The policy grants one per claim at once
-- (decided_by 'policy'); anything else waits for the creditor.
CREATE TABLE deferrals (
    id TEXT PRIMARY KEY,
    claim_id TEXT NOT NULL REFERENCES claims (id),
    debtor_id TEXT NOT NULL REFERENCES debtors (id),
    state TEXT NOT NULL CHECK (state IN ('pending', 'granted', 'declined')),
    pay_by_before TEXT NOT NULL CHECK (length(pay_by_before) = 10),
    requested_date TEXT NOT NULL CHECK (length(requested_date) = 10),
    -- Why it waits for the creditor, space-separated codes ('' when granted at once).
    reasons TEXT NOT NULL,
    decided_by TEXT CHECK (decided_by IN ('policy', 'creditor')),
    created_at INTEGER NOT NULL,
    decided_at INTEGER,
    CHECK ((state = 'pending') = (decided_by IS NULL))
);
CREATE INDEX deferrals_claim ON deferrals (claim_id);
CREATE UNIQUE INDEX deferrals_one_pending ON deferrals (claim_id) WHERE state = 'pending';
CREATE UNIQUE INDEX deferrals_one_automatic ON deferrals (claim_id) WHERE decided_by = 'policy';

-- Documents a debtor sent, sealed with AES-256-GCM in the database itself, so that a submission
-- and its files are one transaction and application nodes keep no files. `key_id` names the key
-- (DOCUMENT_KEYS) that sealed the row, so keys can be rotated; the row's id is the associated
-- data, so a sealed blob cannot be moved to another row. The name is for display only.
CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    debtor_id TEXT NOT NULL REFERENCES debtors (id),
    -- The claim it concerns (dispute evidence); NULL for papers about the debtor's situation.
    claim_id TEXT REFERENCES claims (id),
    owner_kind TEXT NOT NULL CHECK (owner_kind IN ('dispute_entry', 'hardship')),
    owner_id TEXT NOT NULL,
    -- Its place among the files sent together.
    position INTEGER NOT NULL,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')),
    size INTEGER NOT NULL CHECK (size > 0),
    sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
    key_id TEXT NOT NULL,
    nonce BLOB NOT NULL,
    ciphertext BLOB NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX documents_owner ON documents (owner_kind, owner_id);
CREATE INDEX documents_debtor ON documents (debtor_id);

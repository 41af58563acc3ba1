-- Creditor staff: every account works for one creditor and is an `agent` (decides) or an `admin`
-- (also the policy, staff accounts and API keys). The first accounts were their creditor's only
-- ones, so they become admins. An account without a creditor cannot be carried over: the
-- migration stops (NOT NULL) rather than guess whose cases it may see.
CREATE TABLE staff_users_v2 (
    id TEXT PRIMARY KEY,
    creditor_id TEXT NOT NULL REFERENCES creditors (id),
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('agent', 'admin')),
    password_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
INSERT INTO staff_users_v2 (id, creditor_id, email, name, role, password_hash, created_at)
    SELECT id, creditor_id, lower(email), name, 'admin', password_hash, created_at FROM staff_users;
DROP TABLE staff_users;
ALTER TABLE staff_users_v2 RENAME TO staff_users;
CREATE INDEX staff_users_creditor ON staff_users (creditor_id);

-- A person's decision on something a debtor asked for. One per item: when two agents decide the
-- same item at once, the database keeps the first and the second is told who decided and when.
CREATE TABLE decisions (
    id TEXT PRIMARY KEY,
    item_kind TEXT NOT NULL CHECK (item_kind IN ('plan_proposal', 'dispute', 'deferral', 'review_request')),
    item_id TEXT NOT NULL,
    claim_id TEXT REFERENCES claims (id),
    staff_id TEXT NOT NULL REFERENCES staff_users (id),
    outcome TEXT NOT NULL,
    -- A code from the outcome's list of reasons (shown to the debtor in their language), if any.
    reason TEXT,
    -- The person's own words to the debtor ('' when none).
    note TEXT NOT NULL,
    decided_at INTEGER NOT NULL,
    UNIQUE (item_kind, item_id)
);
CREATE INDEX decisions_claim ON decisions (claim_id);

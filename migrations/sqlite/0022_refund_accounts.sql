-- The account an overpaid claim's money goes back to, as its debtor gave it (issue 23): the portal
-- cannot pay out itself, so the creditor's staff pay to this account. One current account per
-- claim; a new one replaces it. `account` is sealed (`sealed_text`) with the row's id as
-- associated data: bank details are personal data and must not sit in clear in a copy of the
-- database.
CREATE TABLE refund_accounts (
    id TEXT PRIMARY KEY,
    claim_id TEXT NOT NULL UNIQUE REFERENCES claims (id),
    debtor_id TEXT NOT NULL REFERENCES debtors (id),
    account TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

-- Disputes that end lawfully (issue 23). A rejected dispute of the whole claim leaves it
-- `contested`: ordinary collection does not resume; the creditor's way on is the conciliation
-- board (Norway) or the court / Kronofogden (Sweden). A dispute may concern a part of the claim
-- only: an amount of the principal (`part_amount`, öre / øre) or one fee line (`part_fee_position`,
-- its place in the claim's fees, 0 for the first); only that part is paused.
--
-- SQLite cannot change a CHECK in place and many tables refer to claims, so the table is rebuilt
-- with foreign keys off, which SQLite allows only outside a transaction (as in 0017).
COMMIT;
PRAGMA foreign_keys = OFF;
BEGIN;
CREATE TABLE claims_v2 (
    id TEXT PRIMARY KEY,
    case_number TEXT NOT NULL UNIQUE,
    creditor_id TEXT NOT NULL REFERENCES creditors (id),
    debtor_id TEXT NOT NULL REFERENCES debtors (id),
    concerns TEXT NOT NULL,
    original_invoice TEXT NOT NULL,
    principal INTEGER NOT NULL CHECK (principal >= 0),
    due_date TEXT NOT NULL CHECK (length(due_date) = 10),
    interest_kind TEXT NOT NULL CHECK (interest_kind IN ('statutory', 'fixed', 'none')),
    interest_rate TEXT NOT NULL,
    day_count TEXT NOT NULL CHECK (day_count IN ('act/365', 'act/act')),
    status TEXT NOT NULL CHECK (status IN ('demand_sent', 'plan_proposed', 'plan_active', 'disputed', 'contested', 'paid', 'closed')),
    reference_base TEXT NOT NULL,
    demand_sent_on TEXT NOT NULL CHECK (length(demand_sent_on) = 10),
    created_at INTEGER NOT NULL
);
INSERT INTO claims_v2 (id, case_number, creditor_id, debtor_id, concerns, original_invoice, principal, due_date,
        interest_kind, interest_rate, day_count, status, reference_base, demand_sent_on, created_at)
    SELECT id, case_number, creditor_id, debtor_id, concerns, original_invoice, principal, due_date,
        interest_kind, interest_rate, day_count, status, reference_base, demand_sent_on, created_at FROM claims;
DROP TABLE claims;
ALTER TABLE claims_v2 RENAME TO claims;
CREATE INDEX claims_debtor ON claims (debtor_id);
CREATE INDEX claims_creditor ON claims (creditor_id);
ALTER TABLE disputes ADD COLUMN part_kind TEXT NOT NULL DEFAULT 'whole' CHECK (part_kind IN ('whole', 'amount', 'fee'));
ALTER TABLE disputes ADD COLUMN part_amount INTEGER CHECK (part_amount > 0);
ALTER TABLE disputes ADD COLUMN part_fee_position INTEGER CHECK (part_fee_position >= 0);
COMMIT;
PRAGMA foreign_keys = ON;
BEGIN;

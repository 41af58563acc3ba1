-- A debtor's plan proposals with the schedule the server computed for them. Only the debtor's
-- choice (a number of installments or an amount, and the first due date) came from the browser;
-- everything else here is the engine's, kept as it was when the proposal was made.
CREATE TABLE plan_proposals (
    id TEXT PRIMARY KEY,
    claim_id TEXT NOT NULL REFERENCES claims (id),
    debtor_id TEXT NOT NULL REFERENCES debtors (id),
    state TEXT NOT NULL CHECK (state IN ('pending', 'active', 'withdrawn', 'declined')),
    mode TEXT NOT NULL CHECK (mode IN ('installments', 'amount')),
    chosen_count INTEGER CHECK (chosen_count BETWEEN 1 AND 120),
    chosen_amount INTEGER CHECK (chosen_amount > 0),
    first_due TEXT NOT NULL CHECK (length(first_due) = 10),
    start_date TEXT NOT NULL CHECK (length(start_date) = 10),
    plan_fee INTEGER NOT NULL CHECK (plan_fee >= 0),
    installment_amount INTEGER NOT NULL CHECK (installment_amount > 0),
    -- What the plan started from (the claim's total today, plan fee included) and its totals.
    start_total INTEGER NOT NULL,
    total_amount INTEGER NOT NULL,
    total_interest INTEGER NOT NULL,
    -- The policy's reasons for its verdict, space-separated codes ('' when approved at once).
    reasons TEXT NOT NULL,
    -- The claim's status before the proposal, restored when it is withdrawn.
    status_before TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    decided_at INTEGER,
    CHECK ((mode = 'installments') = (chosen_count IS NOT NULL)),
    CHECK ((mode = 'amount') = (chosen_amount IS NOT NULL))
);
CREATE INDEX plan_proposals_claim ON plan_proposals (claim_id);
-- One open proposal or active plan per claim, whatever the number of clicks, retries or tabs.
CREATE UNIQUE INDEX plan_proposals_one_open ON plan_proposals (claim_id) WHERE state IN ('pending', 'active');

CREATE TABLE plan_installments (
    proposal_id TEXT NOT NULL REFERENCES plan_proposals (id),
    n INTEGER NOT NULL CHECK (n BETWEEN 1 AND 120),
    due_date TEXT NOT NULL CHECK (length(due_date) = 10),
    amount INTEGER NOT NULL CHECK (amount > 0),
    fees INTEGER NOT NULL,
    interest INTEGER NOT NULL,
    principal INTEGER NOT NULL,
    balance_after INTEGER NOT NULL CHECK (balance_after >= 0),
    PRIMARY KEY (proposal_id, n)
);

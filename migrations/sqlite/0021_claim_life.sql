-- A claim's life after a plan (issue 23). The creditor's rules for missed installments: the grace
-- before a plan is in arrears, the days before it lapses, and whether a new plan may follow a broken
-- one. A plan can now lapse (`lapsed`): `arrears_since` is the due date of the oldest installment
-- left unpaid past the grace (NULL when the plan is up to date), `ended_on` the day it lapsed and
-- `end_reason` why (`missed_installments` by the daily job, `agent` by a person).
--
-- SQLite cannot widen the CHECK on plan_proposals.state in place and plan_installments refers to
-- the table, so it is rebuilt with foreign keys off (outside the migration's transaction, as 0017).
ALTER TABLE creditors ADD COLUMN arrears_grace_days INTEGER NOT NULL DEFAULT 10 CHECK (arrears_grace_days >= 0);
ALTER TABLE creditors ADD COLUMN lapse_days INTEGER NOT NULL DEFAULT 30 CHECK (lapse_days >= 0);
ALTER TABLE creditors ADD COLUMN new_plan_after_lapse INTEGER NOT NULL DEFAULT 0 CHECK (new_plan_after_lapse IN (0, 1));

COMMIT;
PRAGMA foreign_keys = OFF;
BEGIN;
CREATE TABLE plan_proposals_v2 (
    id TEXT PRIMARY KEY,
    claim_id TEXT NOT NULL REFERENCES claims (id),
    debtor_id TEXT NOT NULL REFERENCES debtors (id),
    state TEXT NOT NULL CHECK (state IN ('pending', 'active', 'withdrawn', 'declined', 'lapsed')),
    mode TEXT NOT NULL CHECK (mode IN ('installments', 'amount')),
    chosen_count INTEGER CHECK (chosen_count BETWEEN 1 AND 120),
    chosen_amount INTEGER CHECK (chosen_amount > 0),
    first_due TEXT NOT NULL CHECK (length(first_due) = 10),
    start_date TEXT NOT NULL CHECK (length(start_date) = 10),
    plan_fee INTEGER NOT NULL CHECK (plan_fee >= 0),
    installment_amount INTEGER NOT NULL CHECK (installment_amount > 0),
    start_total INTEGER NOT NULL,
    total_amount INTEGER NOT NULL,
    total_interest INTEGER NOT NULL,
    reasons TEXT NOT NULL,
    status_before TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    decided_at INTEGER,
    offered_by TEXT REFERENCES staff_users (id),
    answers TEXT REFERENCES plan_proposals (id),
    arrears_since TEXT CHECK (length(arrears_since) = 10),
    ended_on TEXT CHECK (length(ended_on) = 10),
    end_reason TEXT CHECK (end_reason IN ('missed_installments', 'agent')),
    CHECK ((mode = 'installments') = (chosen_count IS NOT NULL)),
    CHECK ((mode = 'amount') = (chosen_amount IS NOT NULL))
);
INSERT INTO plan_proposals_v2 (id, claim_id, debtor_id, state, mode, chosen_count, chosen_amount, first_due,
        start_date, plan_fee, installment_amount, start_total, total_amount, total_interest, reasons,
        status_before, created_at, decided_at, offered_by, answers)
    SELECT id, claim_id, debtor_id, state, mode, chosen_count, chosen_amount, first_due, start_date, plan_fee,
        installment_amount, start_total, total_amount, total_interest, reasons, status_before, created_at,
        decided_at, offered_by, answers FROM plan_proposals;
DROP TABLE plan_proposals;
ALTER TABLE plan_proposals_v2 RENAME TO plan_proposals;
CREATE INDEX plan_proposals_claim ON plan_proposals (claim_id);
CREATE UNIQUE INDEX plan_proposals_one_open ON plan_proposals (claim_id) WHERE state IN ('pending', 'active');
CREATE INDEX plan_proposals_answers ON plan_proposals (answers);
CREATE INDEX plan_proposals_arrears ON plan_proposals (arrears_since) WHERE state = 'active';
COMMIT;
PRAGMA foreign_keys = ON;
BEGIN;

-- Active plans made before the plan fee was booked on the claim: book it now, dated the plan's
-- start, so the claim's statement and the plan show the same figures.
INSERT INTO fees (id, claim_id, position, kind, amount, charged_on)
    SELECT lower(hex(randomblob(16))), p.claim_id,
           (SELECT COALESCE(MAX(f.position), -1) + 1 FROM fees f WHERE f.claim_id = p.claim_id),
           'plan_fee', p.plan_fee, p.start_date
    FROM plan_proposals p
    JOIN claims c ON c.id = p.claim_id
    JOIN creditors cr ON cr.id = c.creditor_id
    WHERE p.state = 'active' AND p.plan_fee > 0 AND c.status = 'plan_active' AND cr.country = 'SE'
      AND (SELECT COUNT(*) FROM plan_installments i WHERE i.proposal_id = p.id) > 1
      AND NOT EXISTS (SELECT 1 FROM fees f WHERE f.claim_id = p.claim_id AND f.kind = 'plan_fee');

-- Proposals still waiting that carry a fee the rules no longer allow (Norway, one installment):
-- none is booked when they are approved.
UPDATE plan_proposals SET plan_fee = 0
WHERE state = 'pending' AND plan_fee > 0
  AND (claim_id IN (SELECT c.id FROM claims c JOIN creditors cr ON cr.id = c.creditor_id WHERE cr.country = 'NO')
       OR (SELECT COUNT(*) FROM plan_installments i WHERE i.proposal_id = plan_proposals.id) = 1);

-- Norway has no separate plan fee (inkassoforskriften: the salær rules cover a plan).
UPDATE creditors SET plan_fee = 0 WHERE country = 'NO';

-- When a rate was published (Unix seconds; NULL for the rates the migrations carried): a plan made
-- before a rate for its period was published assumed the latest one would go on, and is told.
ALTER TABLE reference_rates ADD COLUMN published_at INTEGER;

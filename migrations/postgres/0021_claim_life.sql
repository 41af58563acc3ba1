-- A claim's life after a plan (issue 23). The creditor's rules for missed installments: the grace
-- before a plan is in arrears, the days before it lapses, and whether a new plan may follow a broken
-- one. A plan can now lapse (`lapsed`): `arrears_since` is the due date of the oldest installment
-- left unpaid past the grace (NULL when the plan is up to date), `ended_on` the day it lapsed and
-- `end_reason` why (`missed_installments` by the daily job, `agent` by a person).
ALTER TABLE creditors ADD COLUMN arrears_grace_days BIGINT NOT NULL DEFAULT 10 CHECK (arrears_grace_days >= 0);
ALTER TABLE creditors ADD COLUMN lapse_days BIGINT NOT NULL DEFAULT 30 CHECK (lapse_days >= 0);
ALTER TABLE creditors ADD COLUMN new_plan_after_lapse BIGINT NOT NULL DEFAULT 0 CHECK (new_plan_after_lapse IN (0, 1));

ALTER TABLE plan_proposals DROP CONSTRAINT plan_proposals_state_check;
ALTER TABLE plan_proposals ADD CONSTRAINT plan_proposals_state_check
    CHECK (state IN ('pending', 'active', 'withdrawn', 'declined', 'lapsed'));
ALTER TABLE plan_proposals ADD COLUMN arrears_since TEXT CHECK (length(arrears_since) = 10);
ALTER TABLE plan_proposals ADD COLUMN ended_on TEXT CHECK (length(ended_on) = 10);
ALTER TABLE plan_proposals ADD COLUMN end_reason TEXT CHECK (end_reason IN ('missed_installments', 'agent'));
CREATE INDEX plan_proposals_arrears ON plan_proposals (arrears_since) WHERE state = 'active';

-- Active plans made before the plan fee was booked on the claim: book it now, dated the plan's
-- start, so the claim's statement and the plan show the same figures.
INSERT INTO fees (id, claim_id, position, kind, amount, charged_on)
    SELECT md5(random()::text || p.id), p.claim_id,
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
ALTER TABLE reference_rates ADD COLUMN published_at BIGINT;

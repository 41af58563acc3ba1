-- The work queue and the API's lists at a million claims (issue 25): each waiting item carries its
-- claim's creditor, so "what waits for this creditor, oldest first, from here" is one range of one
-- index, read a page at a time, and counting a kind is counting index entries, instead of joining
-- every waiting item of every creditor to its claim first. A claim never changes creditor, so the
-- copy cannot go stale; the store writes it with each item from the claim's own row. A review
-- request about no claim has none, and no creditor's queue lists it (as before).
ALTER TABLE plan_proposals ADD COLUMN creditor_id TEXT REFERENCES creditors (id);
ALTER TABLE disputes ADD COLUMN creditor_id TEXT REFERENCES creditors (id);
ALTER TABLE deferrals ADD COLUMN creditor_id TEXT REFERENCES creditors (id);
ALTER TABLE review_requests ADD COLUMN creditor_id TEXT REFERENCES creditors (id);
UPDATE plan_proposals SET creditor_id = (SELECT c.creditor_id FROM claims c WHERE c.id = plan_proposals.claim_id);
UPDATE disputes SET creditor_id = (SELECT c.creditor_id FROM claims c WHERE c.id = disputes.claim_id);
UPDATE deferrals SET creditor_id = (SELECT c.creditor_id FROM claims c WHERE c.id = deferrals.claim_id);
UPDATE review_requests SET creditor_id = (SELECT c.creditor_id FROM claims c WHERE c.id = review_requests.claim_id);
-- A creditor's own counter-proposal waits for the debtor, not in the queue: left out of its index.
CREATE INDEX plan_proposals_work ON plan_proposals (creditor_id, state, created_at, id) WHERE offered_by IS NULL;
CREATE INDEX disputes_work ON disputes (creditor_id, state, created_at, id);
CREATE INDEX deferrals_work ON deferrals (creditor_id, state, created_at, id);
CREATE INDEX review_requests_work ON review_requests (creditor_id, state, created_at, id);
DROP INDEX review_requests_state;
-- Plans in arrears, oldest arrears first, of one creditor.
DROP INDEX plan_proposals_arrears;
CREATE INDEX plan_proposals_arrears ON plan_proposals (creditor_id, arrears_since, id) WHERE state = 'active';
-- The queue's search by the creditor's own invoice number.
CREATE INDEX claims_invoice ON claims (creditor_id, original_invoice);

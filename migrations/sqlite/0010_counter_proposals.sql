-- A creditor's counter-proposal is a plan proposal like the debtor's, computed by the same engine,
-- made by a staff member (`offered_by`) in answer to one of the debtor's (`answers`). It waits for
-- the debtor, not for the creditor, so it never enters the work queue.
ALTER TABLE plan_proposals ADD COLUMN offered_by TEXT REFERENCES staff_users (id);
ALTER TABLE plan_proposals ADD COLUMN answers TEXT REFERENCES plan_proposals (id);
CREATE INDEX plan_proposals_answers ON plan_proposals (answers);

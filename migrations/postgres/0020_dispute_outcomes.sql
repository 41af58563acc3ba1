-- Disputes that end lawfully (issue 23). A rejected dispute of the whole claim leaves it
-- `contested`: ordinary collection does not resume; the creditor's way on is the conciliation
-- board (Norway) or the court / Kronofogden (Sweden). A dispute may concern a part of the claim
-- only: an amount of the principal (`part_amount`, öre / øre) or one fee line (`part_fee_position`,
-- its place in the claim's fees, 0 for the first); only that part is paused.
ALTER TABLE claims DROP CONSTRAINT claims_status_check;
ALTER TABLE claims ADD CONSTRAINT claims_status_check
    CHECK (status IN ('demand_sent', 'plan_proposed', 'plan_active', 'disputed', 'contested', 'paid', 'closed'));
ALTER TABLE disputes ADD COLUMN part_kind TEXT NOT NULL DEFAULT 'whole' CHECK (part_kind IN ('whole', 'amount', 'fee'));
ALTER TABLE disputes ADD COLUMN part_amount BIGINT CHECK (part_amount > 0);
ALTER TABLE disputes ADD COLUMN part_fee_position BIGINT CHECK (part_fee_position >= 0);

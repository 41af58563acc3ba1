-- A dispute upheld in part reduces the claim's principal: the decision keeps the new principal
-- (minor units), so both sides read what it became; the audit line keeps what it was.
ALTER TABLE decisions ADD COLUMN amount BIGINT CHECK (amount IS NULL OR amount > 0);

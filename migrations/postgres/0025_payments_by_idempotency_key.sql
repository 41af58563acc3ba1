-- A payment reported with an Idempotency-Key keeps the key and when it came, in the payment's own
-- transaction: a server killed after the payment was stored but before its answer was kept would
-- otherwise let a retry, once the cut-off request's hold on the key has lapsed, record it twice.
-- Within the key's lifetime a payment with the key on the claim answers the retry instead.
ALTER TABLE payments ADD COLUMN idem_key TEXT;
ALTER TABLE payments ADD COLUMN idem_at INTEGER;

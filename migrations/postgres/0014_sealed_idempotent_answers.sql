-- Kept answers to API requests are sealed from now on (they can hold letters' access codes; security
-- review, F4), and a request's hash now includes the API key that sent it. The answers kept in clear
-- until now are dropped. Their keys stay for the rest of their 24 h: a retry of such a request
-- hashes differently now, so it is refused (`idempotency_key_reused`) and never runs twice.
UPDATE idempotency_keys SET body = NULL;

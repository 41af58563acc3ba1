-- A third sign-in counter: attempts on one account (a case number or a staff account) from all
-- clients together (security review, F3; rules in `auth::throttle`).
ALTER TABLE sign_in_throttle DROP CONSTRAINT sign_in_throttle_scope_check;
ALTER TABLE sign_in_throttle ADD CONSTRAINT sign_in_throttle_scope_check
    CHECK (scope IN ('client', 'case_client', 'account'));

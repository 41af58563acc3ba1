-- A debtor's hardship statement (social force majeure). Health and family details are
-- special-category data: kept only under the consent recorded here (its text version, language
-- and time), deleted for good when it is withdrawn. One statement per debtor at a time.
CREATE TABLE hardship (
    id TEXT PRIMARY KEY,
    debtor_id TEXT NOT NULL UNIQUE REFERENCES debtors (id),
    situation TEXT NOT NULL CHECK (situation IN ('unemployment', 'illness', 'separation', 'bereavement', 'reduced_income', 'other')),
    monthly_income BIGINT CHECK (monthly_income >= 0),
    monthly_expenses BIGINT CHECK (monthly_expenses >= 0),
    household_size BIGINT CHECK (household_size BETWEEN 1 AND 20),
    currency TEXT NOT NULL CHECK (currency IN ('SEK', 'NOK')),
    explanation TEXT NOT NULL,
    consent_version TEXT NOT NULL,
    consent_language TEXT NOT NULL CHECK (consent_language IN ('sv', 'nb', 'en')),
    consent_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);

-- Which of the debtor's claims the statement concerns.
CREATE TABLE hardship_claims (
    hardship_id TEXT NOT NULL REFERENCES hardship (id),
    claim_id TEXT NOT NULL REFERENCES claims (id),
    PRIMARY KEY (hardship_id, claim_id)
);

-- A debtor's request that a person look at an automatic decision (GDPR Art. 22), for the
-- creditor's queue. `decision` names the audit line of the decision, when there is one.
CREATE TABLE review_requests (
    id TEXT PRIMARY KEY,
    debtor_id TEXT NOT NULL REFERENCES debtors (id),
    claim_id TEXT REFERENCES claims (id),
    decision BIGINT,
    explanation TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'answered')),
    created_at BIGINT NOT NULL,
    answered_at BIGINT
);
CREATE INDEX review_requests_debtor ON review_requests (debtor_id);
CREATE INDEX review_requests_state ON review_requests (state);

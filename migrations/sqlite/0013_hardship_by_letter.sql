-- Hardship information belongs to the letters it was shared through (security review, F1): a
-- session opened with a household member's letter must not see what the debtor shared through
-- another letter. `hardship_letters` holds the claims of the letters the sharing session held; a
-- session sees a statement only when it holds every one of them. A debtor may therefore keep one
-- statement per set of letters (`letters_key`: those claims' ids, sorted, joined by commas), so
-- that someone holding only one letter is never told that a statement exists under another.
-- A statement kept before this migration is taken to have been shared through the letters it
-- concerns (the only letters known of it); its own id stands as its key.
--
-- SQLite cannot drop the old UNIQUE (debtor_id) in place, and the table is referenced, so both
-- tables are rebuilt: the new ones are filled, the old ones dropped child first, and the renames
-- carry the references over.
CREATE TABLE hardship_v2 (
    id TEXT PRIMARY KEY,
    debtor_id TEXT NOT NULL REFERENCES debtors (id),
    letters_key TEXT NOT NULL,
    situation TEXT NOT NULL CHECK (situation IN ('unemployment', 'illness', 'separation', 'bereavement', 'reduced_income', 'other')),
    monthly_income INTEGER CHECK (monthly_income >= 0),
    monthly_expenses INTEGER CHECK (monthly_expenses >= 0),
    household_size INTEGER CHECK (household_size BETWEEN 1 AND 20),
    currency TEXT NOT NULL CHECK (currency IN ('SEK', 'NOK')),
    explanation TEXT NOT NULL,
    consent_version TEXT NOT NULL,
    consent_language TEXT NOT NULL CHECK (consent_language IN ('sv', 'nb', 'en')),
    consent_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (debtor_id, letters_key)
);
INSERT INTO hardship_v2 (id, debtor_id, letters_key, situation, monthly_income, monthly_expenses, household_size,
                         currency, explanation, consent_version, consent_language, consent_at, created_at)
    SELECT id, debtor_id, id, situation, monthly_income, monthly_expenses, household_size,
           currency, explanation, consent_version, consent_language, consent_at, created_at FROM hardship;

CREATE TABLE hardship_claims_v2 (
    hardship_id TEXT NOT NULL REFERENCES hardship_v2 (id),
    claim_id TEXT NOT NULL REFERENCES claims (id),
    PRIMARY KEY (hardship_id, claim_id)
);
INSERT INTO hardship_claims_v2 (hardship_id, claim_id) SELECT hardship_id, claim_id FROM hardship_claims;

CREATE TABLE hardship_letters (
    hardship_id TEXT NOT NULL REFERENCES hardship_v2 (id),
    claim_id TEXT NOT NULL REFERENCES claims (id),
    PRIMARY KEY (hardship_id, claim_id)
);
INSERT INTO hardship_letters (hardship_id, claim_id) SELECT hardship_id, claim_id FROM hardship_claims;

DROP TABLE hardship_claims;
DROP TABLE hardship;
ALTER TABLE hardship_v2 RENAME TO hardship;
ALTER TABLE hardship_claims_v2 RENAME TO hardship_claims;
CREATE INDEX hardship_debtor ON hardship (debtor_id);

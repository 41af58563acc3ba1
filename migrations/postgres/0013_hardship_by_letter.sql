-- Hardship information belongs to the letters it was shared through (security review, F1): a
-- session opened with a household member's letter must not see what the debtor shared through
-- another letter. `hardship_letters` holds the claims of the letters the sharing session held; a
-- session sees a statement only when it holds every one of them. A debtor may therefore keep one
-- statement per set of letters (`letters_key`: those claims' ids, sorted, joined by commas), so
-- that someone holding only one letter is never told that a statement exists under another.
-- A statement kept before this migration is taken to have been shared through the letters it
-- concerns (the only letters known of it); its own id stands as its key.
ALTER TABLE hardship DROP CONSTRAINT hardship_debtor_id_key;
ALTER TABLE hardship ADD COLUMN letters_key TEXT;
UPDATE hardship SET letters_key = id;
ALTER TABLE hardship ALTER COLUMN letters_key SET NOT NULL;
ALTER TABLE hardship ADD CONSTRAINT hardship_debtor_letters UNIQUE (debtor_id, letters_key);
CREATE INDEX hardship_debtor ON hardship (debtor_id);

CREATE TABLE hardship_letters (
    hardship_id TEXT NOT NULL REFERENCES hardship (id),
    claim_id TEXT NOT NULL REFERENCES claims (id),
    PRIMARY KEY (hardship_id, claim_id)
);
INSERT INTO hardship_letters (hardship_id, claim_id) SELECT hardship_id, claim_id FROM hardship_claims;

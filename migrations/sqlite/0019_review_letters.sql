-- A review request belongs to the letters of the session that sent it, as a hardship statement
-- does (security review: a household member's letter showed requests, and their words, sent
-- through another letter). A request sent before this migration is taken to belong to the letter
-- of its claim; one about no claim, to no letter, and no letter session sees it any more.
CREATE TABLE review_letters (
    review_id TEXT NOT NULL REFERENCES review_requests (id),
    claim_id TEXT NOT NULL REFERENCES claims (id),
    PRIMARY KEY (review_id, claim_id)
);
INSERT INTO review_letters (review_id, claim_id) SELECT id, claim_id FROM review_requests WHERE claim_id IS NOT NULL;

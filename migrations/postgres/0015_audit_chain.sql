-- The audit log as a hash chain (security review, F8): every line carries the hash of the line
-- before it and its own, SHA-256 over the previous hash and its fields (`store::audit::link_hash`),
-- so a line changed or removed behind the database's back breaks the chain where it happened
-- (`debtor-portal audit verify`). `audit_chain` holds the newest hash; writing it with each line
-- serialises the writers, so no two lines claim the same predecessor. Lines written before this
-- migration stay unchained (NULL), counted: the chain starts at the first line after it.
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_log ADD COLUMN hash TEXT;
CREATE TABLE audit_chain (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    head TEXT NOT NULL,
    -- How many lines there were before the chain began: a line slipped in among them later (an
    -- old id, no hashes) shows as one too many.
    legacy_lines BIGINT NOT NULL
);
INSERT INTO audit_chain (id, head, legacy_lines) SELECT 1, '', COUNT(*) FROM audit_log;

-- "My data" reads a debtor's lines, the claim history and the review queue a subject's (F6).
CREATE INDEX audit_log_actor ON audit_log (actor_kind, actor_id, id);
CREATE INDEX audit_log_subject ON audit_log (subject, id);

-- A third sign-in counter: attempts on one account (a case number or a staff account) from all
-- clients together (security review, F3; rules in `auth::throttle`). SQLite cannot change a CHECK in
-- place; nothing references this table, so it is rebuilt.
CREATE TABLE sign_in_throttle_v2 (
    scope TEXT NOT NULL CHECK (scope IN ('client', 'case_client', 'account')),
    key TEXT NOT NULL,
    attempts INTEGER NOT NULL CHECK (attempts >= 0),
    window_start INTEGER NOT NULL,
    blocked_until INTEGER NOT NULL,
    PRIMARY KEY (scope, key)
);
INSERT INTO sign_in_throttle_v2 SELECT scope, key, attempts, window_start, blocked_until FROM sign_in_throttle;
DROP TABLE sign_in_throttle;
ALTER TABLE sign_in_throttle_v2 RENAME TO sign_in_throttle;
CREATE INDEX sign_in_throttle_window ON sign_in_throttle (window_start);

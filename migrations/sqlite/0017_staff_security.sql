-- Staff accounts after the security review (F5). An address is unique among a creditor's live
-- accounts only: another creditor may have the same person, and a removed account's address can
-- be given again (before, one creditor could probe or squat another's addresses). A first password
-- set by an administrator must be changed at the first sign-in. `totp_secret` is the sealed TOTP
-- key of an account with two-step sign-in on, `totp_last_step` the last time step used (a code is
-- good once). A session can be half-open (`pending`): signed in with the password, waiting for the
-- second step or for the new password, and good for nothing else.
--
-- SQLite cannot drop the old UNIQUE (email) in place, and other tables refer to staff_users, so
-- the table is rebuilt with foreign keys off, which SQLite allows only outside a transaction: the
-- migration's own transaction is ended here and a new one opened for the migrator at the end.
COMMIT;
PRAGMA foreign_keys = OFF;
BEGIN;
CREATE TABLE staff_users_v2 (
    id TEXT PRIMARY KEY,
    creditor_id TEXT NOT NULL REFERENCES creditors (id),
    email TEXT NOT NULL,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('agent', 'admin')),
    password_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    removed_at INTEGER,
    must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1)),
    totp_secret TEXT,
    totp_last_step INTEGER
);
INSERT INTO staff_users_v2 (id, creditor_id, email, name, role, password_hash, created_at, removed_at)
    SELECT id, creditor_id, email, name, role, password_hash, created_at, removed_at FROM staff_users;
DROP TABLE staff_users;
ALTER TABLE staff_users_v2 RENAME TO staff_users;
CREATE INDEX staff_users_creditor ON staff_users (creditor_id);
CREATE INDEX staff_users_email ON staff_users (email);
CREATE UNIQUE INDEX staff_users_live_email ON staff_users (creditor_id, email) WHERE removed_at IS NULL;
ALTER TABLE sessions ADD COLUMN pending TEXT CHECK (pending IN ('password_change', 'second_factor'));
COMMIT;
PRAGMA foreign_keys = ON;
BEGIN;

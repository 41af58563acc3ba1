-- Staff accounts after the security review (F5). An address is unique among a creditor's live
-- accounts only: another creditor may have the same person, and a removed account's address can
-- be given again (before, one creditor could probe or squat another's addresses). A first password
-- set by an administrator must be changed at the first sign-in. `totp_secret` is the sealed TOTP
-- key of an account with two-step sign-in on, `totp_last_step` the last time step used (a code is
-- good once). A session can be half-open (`pending`): signed in with the password, waiting for the
-- second step or for the new password, and good for nothing else.
ALTER TABLE staff_users DROP CONSTRAINT staff_users_email_key;
CREATE INDEX staff_users_email ON staff_users (email);
CREATE UNIQUE INDEX staff_users_live_email ON staff_users (creditor_id, email) WHERE removed_at IS NULL;
ALTER TABLE staff_users ADD COLUMN must_change_password BIGINT NOT NULL DEFAULT 0
    CHECK (must_change_password IN (0, 1));
ALTER TABLE staff_users ADD COLUMN totp_secret TEXT;
ALTER TABLE staff_users ADD COLUMN totp_last_step BIGINT;
ALTER TABLE sessions ADD COLUMN pending TEXT CHECK (pending IN ('password_change', 'second_factor'));

-- An administrator removes a staff account by stamping it: the decisions it made keep their
-- author, and the account can no longer sign in or use a session.
ALTER TABLE staff_users ADD COLUMN removed_at INTEGER;

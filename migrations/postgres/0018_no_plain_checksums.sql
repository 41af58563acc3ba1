-- The SHA-256 of each document's content sat beside its ciphertext (security review): anyone with
-- the database could confirm a guess of what a file says. "My data" now computes it from the
-- opened document when the debtor exports; AES-GCM's tag already proves the stored blob whole.
ALTER TABLE documents DROP COLUMN sha256;

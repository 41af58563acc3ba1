-- An import or an API request finds the claims of the creditor's it would register again (the
-- same file sent twice) by invoice, inside its transaction: an index, not a scan of every claim.
-- Not unique: claims registered before this check may share an invoice.
CREATE INDEX claims_creditor_invoice ON claims (creditor_id, original_invoice);

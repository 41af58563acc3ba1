//! A sealed value (`document_vault`) in one text column: `key id.nonce.ciphertext`, the last two
//! in hex. For the small secrets kept beside rows (idempotent answers, TOTP secrets) and the free
//! text debtors write about disputes and hardship (security review: it sat in clear beside the
//! sealed files); documents keep their parts in columns of their own.

use super::documents::Sealed;
use super::{Store, StoreError};

/// What a sealed free text starts with; a text without it was written before texts were sealed.
const SEALED_TEXT: &str = "sealed:";

impl Store {
    /// `text` sealed for the row `purpose` names (its associated data), as the column keeps it.
    pub(super) fn seal_text(&self, purpose: &str, text: &str) -> Result<String, StoreError> {
        let sealed = self
            .vault()?
            .seal(purpose, text.as_bytes())
            .map_err(|e| StoreError::Corrupt(format!("sealing {purpose}: {e}")))?;
        Ok(format!("{SEALED_TEXT}{}", sealed_text(&sealed)))
    }

    /// The text of a column `seal_text` wrote (or, from before, the text itself).
    pub(super) fn open_text(&self, purpose: &str, column: &str) -> Result<String, StoreError> {
        let Some(sealed) = column.strip_prefix(SEALED_TEXT) else { return Ok(column.to_owned()) };
        let bytes = self
            .vault()?
            .open(purpose, &parse_sealed(sealed)?)
            .map_err(|e| StoreError::Corrupt(format!("{purpose} does not open: {e}")))?;
        String::from_utf8(bytes).map_err(|_| StoreError::Corrupt(format!("{purpose} is not text")))
    }
}

/// Key ids never hold a dot (`DocumentKey::parse`).
pub(super) fn sealed_text(s: &Sealed) -> String {
    format!("{}.{}.{}", s.key_id, hex::encode(&s.nonce), hex::encode(&s.ciphertext))
}

pub(super) fn parse_sealed(text: &str) -> Result<Sealed, StoreError> {
    let corrupt = || StoreError::Corrupt("a sealed column does not read as one".into());
    let mut parts = text.splitn(3, '.');
    let (Some(key_id), Some(nonce), Some(ciphertext)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(corrupt());
    };
    Ok(Sealed {
        key_id: key_id.to_owned(),
        nonce: hex::decode(nonce).map_err(|_| corrupt())?,
        ciphertext: hex::decode(ciphertext).map_err(|_| corrupt())?,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_sealed_value_is_kept_as_text_and_read_back() {
        let s = super::Sealed { key_id: "k-2026".into(), nonce: vec![1, 2, 255], ciphertext: vec![0, 16, 32] };
        let text = super::sealed_text(&s);
        assert_eq!(text, "k-2026.0102ff.001020");
        let back = super::parse_sealed(&text).unwrap();
        assert_eq!((back.key_id, back.nonce, back.ciphertext), (s.key_id, s.nonce, s.ciphertext));
        for bad in ["", "k.zz.00", "k.00", "{\"claims\":[]}"] {
            assert!(super::parse_sealed(bad).is_err(), "{bad}");
        }
    }
}

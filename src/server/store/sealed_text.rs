//! A sealed value (`document_vault`) in one text column: `key id.nonce.ciphertext`, the last two
//! in hex. For the small secrets kept beside rows (idempotent answers, TOTP secrets); documents
//! keep their parts in columns of their own.

use super::documents::Sealed;
use super::StoreError;

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

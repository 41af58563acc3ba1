//! Random identifiers and tokens, so that no address or cookie says anything about another.

use rand::RngCore;

/// A 128-bit random identifier, hex: what goes into URLs, so that one claim's address says nothing
/// about any other's.
pub fn new_id() -> String {
    random_hex(16)
}

/// A 256-bit random token for session cookies.
pub fn new_token() -> String {
    random_hex(32)
}

/// A reference a person reads aloud or types: `prefix`, a dash and eight characters from an
/// alphabet without 0/O or 1/I (40 bits; the column is unique, a repeat is a failed insert).
pub fn new_reference(prefix: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut buf = [0u8; 8];
    rand::rngs::OsRng.fill_bytes(&mut buf);
    let code: String = buf.iter().map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()])).collect();
    format!("{prefix}-{code}")
}

fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rngs::OsRng.fill_bytes(&mut buf);
    hex::encode(buf)
}

#[cfg(test)]
mod tests {
    #[test]
    fn ids_are_long_random_and_distinct() {
        let a = super::new_id();
        let b = super::new_id();
        assert_eq!(a.len(), 32);
        assert_ne!(a, b);
        assert!(a.bytes().all(|c| c.is_ascii_hexdigit()));
    }

    #[test]
    fn references_are_readable() {
        let r = super::new_reference("D");
        assert_eq!(r.len(), 10);
        assert!(r.starts_with("D-"));
        assert!(r[2..].bytes().all(|c| c.is_ascii_uppercase() || (b'2'..=b'9').contains(&c)));
        assert!(!r[2..].contains(['O', 'I', '0', '1']));
    }
}

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
}

//! Seals documents with AES-256-GCM before they reach the database, and opens them for a reader the
//! server has authorised. Keys come from configuration (`DOCUMENT_KEYS`); each sealed document
//! names its key, so a new key can be put first (sealing from then on) while older ones still open
//! what they sealed. The document's id is the associated data: a blob copied to another row does
//! not open.

use std::collections::HashMap;
use std::sync::Arc;

use aes_gcm::aead::{Aead, AeadInPlace, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use rand::RngCore;

use super::store::Sealed;

/// One named key.
#[derive(Clone)]
pub struct DocumentKey {
    pub id: String,
    pub key: [u8; 32],
}

impl std::fmt::Debug for DocumentKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DocumentKey({}, …)", self.id)
    }
}

impl DocumentKey {
    /// `id:64 hex digits`; the id is letters, digits, `-` and `_` (it is stored beside each blob).
    pub fn parse(s: &str) -> Result<Self, String> {
        let (id, hex_key) = s.trim().split_once(':').ok_or("expected id:64 hex digits")?;
        if id.is_empty() || id.len() > 32 || !id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
            return Err(format!("key id {id:?}: use 1 to 32 letters, digits, - or _"));
        }
        let bytes = hex::decode(hex_key.trim()).map_err(|_| format!("key {id}: expected 64 hex digits"))?;
        let key = bytes.try_into().map_err(|_| format!("key {id}: expected 64 hex digits (32 bytes)"))?;
        Ok(Self { id: id.to_owned(), key })
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum VaultError {
    #[error("no key {0:?} is configured (DOCUMENT_KEYS)")]
    UnknownKey(String),
    #[error("the document does not open with its key (damaged, or moved from another row)")]
    DoesNotOpen,
}

#[derive(Clone)]
pub struct Vault {
    current: String,
    ciphers: Arc<HashMap<String, Aes256Gcm>>,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Vault(current {}, {} keys)", self.current, self.ciphers.len())
    }
}

impl Vault {
    /// The first key seals; every key opens. `keys` is not empty (the configuration sees to it).
    pub fn new(keys: &[DocumentKey]) -> Self {
        let ciphers = keys.iter().map(|k| (k.id.clone(), Aes256Gcm::new(&k.key.into()))).collect();
        Self { current: keys.first().map(|k| k.id.clone()).unwrap_or_default(), ciphers: Arc::new(ciphers) }
    }

    pub fn seal(&self, associated: &str, content: &[u8]) -> Result<Sealed, VaultError> {
        let cipher = self.ciphers.get(&self.current).ok_or_else(|| VaultError::UnknownKey(self.current.clone()))?;
        let mut nonce = [0u8; 12];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let ciphertext = cipher
            .encrypt(Nonce::from_slice(&nonce), Payload { msg: content, aad: associated.as_bytes() })
            .map_err(|_| VaultError::DoesNotOpen)?;
        Ok(Sealed { key_id: self.current.clone(), nonce: nonce.to_vec(), ciphertext })
    }

    /// As `seal`, encrypting `content` where it lies: an upload of 10 MB is not held twice while
    /// it is sealed (security review, F6).
    pub fn seal_owned(&self, associated: &str, mut content: Vec<u8>) -> Result<Sealed, VaultError> {
        let cipher = self.ciphers.get(&self.current).ok_or_else(|| VaultError::UnknownKey(self.current.clone()))?;
        let mut nonce = [0u8; 12];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        content.reserve_exact(16);
        cipher
            .encrypt_in_place(Nonce::from_slice(&nonce), associated.as_bytes(), &mut content)
            .map_err(|_| VaultError::DoesNotOpen)?;
        Ok(Sealed { key_id: self.current.clone(), nonce: nonce.to_vec(), ciphertext: content })
    }

    /// A small secret sealed for a round trip through a form (a new TOTP key on its way to being
    /// confirmed): hex, bound to `purpose` so it opens for nothing else. The browser holds only
    /// ciphertext it cannot change unnoticed.
    pub fn seal_for_form(&self, purpose: &str, secret: &[u8]) -> Result<String, VaultError> {
        let s = self.seal_owned(purpose, secret.to_vec())?;
        Ok(format!("{}.{}.{}", s.key_id, hex::encode(&s.nonce), hex::encode(&s.ciphertext)))
    }

    /// What `seal_for_form` sealed for `purpose`; `None` for anything else a form may send.
    pub fn open_from_form(&self, purpose: &str, text: &str) -> Option<Vec<u8>> {
        let mut parts = text.trim().splitn(3, '.');
        let (key_id, nonce, ciphertext) = (parts.next()?, parts.next()?, parts.next()?);
        let sealed = Sealed {
            key_id: key_id.to_owned(),
            nonce: hex::decode(nonce).ok()?,
            ciphertext: hex::decode(ciphertext).ok()?,
        };
        self.open(purpose, &sealed).ok()
    }

    pub fn open(&self, associated: &str, sealed: &Sealed) -> Result<Vec<u8>, VaultError> {
        let cipher = self.ciphers.get(&sealed.key_id).ok_or_else(|| VaultError::UnknownKey(sealed.key_id.clone()))?;
        if sealed.nonce.len() != 12 {
            return Err(VaultError::DoesNotOpen);
        }
        cipher
            .decrypt(Nonce::from_slice(&sealed.nonce), Payload { msg: &sealed.ciphertext, aad: associated.as_bytes() })
            .map_err(|_| VaultError::DoesNotOpen)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(id: &str, byte: u8) -> DocumentKey {
        DocumentKey::parse(&format!("{id}:{}", hex::encode([byte; 32]))).unwrap()
    }

    #[test]
    fn sealed_content_opens_only_for_its_row_and_key() {
        let vault = Vault::new(&[key("k1", 7)]);
        let sealed = vault.seal("doc-a", b"%PDF-1.7 receipt").unwrap();
        assert_eq!(sealed.key_id, "k1");
        assert!(!sealed.ciphertext.windows(4).any(|w| w == b"%PDF"), "the content is not in the clear");
        assert_eq!(vault.open("doc-a", &sealed).unwrap(), b"%PDF-1.7 receipt");
        assert_eq!(vault.open("doc-b", &sealed), Err(VaultError::DoesNotOpen));
        let mut damaged = sealed.clone();
        damaged.ciphertext[0] ^= 1;
        assert_eq!(vault.open("doc-a", &damaged), Err(VaultError::DoesNotOpen));
        let other = Vault::new(&[key("k1", 8)]);
        assert_eq!(other.open("doc-a", &sealed), Err(VaultError::DoesNotOpen));
        let in_place = vault.seal_owned("doc-a", b"%PDF-1.7 receipt".to_vec()).unwrap();
        assert_eq!(vault.open("doc-a", &in_place).unwrap(), b"%PDF-1.7 receipt");
        assert_ne!(in_place.nonce, sealed.nonce, "a new nonce every time");
    }

    #[test]
    fn a_form_secret_opens_only_for_its_purpose_and_unchanged() {
        let vault = Vault::new(&[key("k1", 7)]);
        let text = vault.seal_for_form("totp-setup:a", b"secret").unwrap();
        assert_eq!(vault.open_from_form("totp-setup:a", &text).unwrap(), b"secret");
        assert_eq!(vault.open_from_form("totp-setup:b", &text), None, "another account's");
        let mut changed = text.clone().into_bytes();
        let last = changed.len() - 1;
        changed[last] = if changed[last] == b'0' { b'1' } else { b'0' };
        assert_eq!(vault.open_from_form("totp-setup:a", std::str::from_utf8(&changed).unwrap()), None);
        for bad in ["", "k1", "k1.zz.00", "nokey.00.00"] {
            assert_eq!(vault.open_from_form("totp-setup:a", bad), None, "{bad}");
        }
    }

    #[test]
    fn a_rotated_vault_seals_with_the_new_key_and_opens_the_old() {
        let old = Vault::new(&[key("2025", 1)]);
        let sealed_before = old.seal("d", b"old").unwrap();
        let rotated = Vault::new(&[key("2026", 2), key("2025", 1)]);
        assert_eq!(rotated.open("d", &sealed_before).unwrap(), b"old");
        assert_eq!(rotated.seal("d", b"new").unwrap().key_id, "2026");
        let retired = Vault::new(&[key("2026", 2)]);
        assert_eq!(retired.open("d", &sealed_before), Err(VaultError::UnknownKey("2025".into())));
    }

    #[test]
    fn keys_are_named_and_exactly_32_bytes() {
        assert!(DocumentKey::parse(&format!("k-1:{}", "ab".repeat(32))).is_ok());
        for bad in ["nokey", "k1:abcd", &format!(":{}", "ab".repeat(32)), &format!("k 1:{}", "ab".repeat(32))] {
            assert!(DocumentKey::parse(bad).is_err(), "{bad}");
        }
    }
}

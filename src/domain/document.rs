//! What the portal accepts as a document: PDF, JPEG and PNG, told apart by their first bytes (a
//! name or a declared type is whatever the sender wrote), at most [`MAX_FILE_BYTES`] each and
//! [`MAX_FILES`] in one submission. Names are kept for display only, made harmless here.

use serde::{Deserialize, Serialize};

use super::input_error::InputError;
use super::text_code::text_code;

/// 10 MB a file.
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;
/// Files in one submission.
pub const MAX_FILES: usize = 5;
/// The form field that carries files: the form writes it, the upload reader looks for it.
pub const FILES_FIELD: &str = "files";
/// The longest displayed name, in characters.
const MAX_NAME_CHARS: usize = 100;

text_code! {
    /// A document's type, as its content shows it; the text is its media type.
    pub enum DocumentType("document type") {
        Pdf = "application/pdf",
        Jpeg = "image/jpeg",
        Png = "image/png",
    }
}

impl DocumentType {
    /// The type the content is, whatever it is called: `%PDF-`, the JPEG start-of-image marker, or
    /// PNG's signature. HTML named `.pdf`, SVG, ZIP and everything else is refused.
    pub fn sniff(content: &[u8]) -> Result<Self, InputError> {
        if content.is_empty() {
            Err(InputError::FileEmpty)
        } else if content.starts_with(b"%PDF-") {
            Ok(Self::Pdf)
        } else if content.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Ok(Self::Jpeg)
        } else if content.starts_with(b"\x89PNG\r\n\x1a\n") {
            Ok(Self::Png)
        } else {
            Err(InputError::FileTypeNotAllowed)
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Jpeg => "jpg",
            Self::Png => "png",
        }
    }
}

/// A file name fit to show and to offer as a download name: the last path part only, letters,
/// digits and a few harmless marks (others become `_`), at most 100 characters, and the extension
/// of what the file really is. An empty result is "document".
pub fn display_name(sent: &str, kind: DocumentType) -> String {
    let base = sent.rsplit(['/', '\\']).next().unwrap_or_default();
    let stem = match base.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => base,
    };
    let mut clean: String = stem
        .chars()
        .map(|c| if c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '(' | ')' | ',') { c } else { '_' })
        .collect::<String>()
        .trim_matches(|c: char| c == ' ' || c == '_')
        .chars()
        .take(MAX_NAME_CHARS)
        .collect();
    if clean.is_empty() {
        clean = "document".into();
    }
    format!("{clean}.{}", kind.extension())
}

/// A document's details as the pages list them (never its content).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentInfo {
    pub id: super::DocumentId,
    pub name: String,
    pub kind: DocumentType,
    pub size: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_decides_the_type() {
        assert_eq!(DocumentType::sniff(b"%PDF-1.7\n..."), Ok(DocumentType::Pdf));
        assert_eq!(DocumentType::sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]), Ok(DocumentType::Jpeg));
        assert_eq!(DocumentType::sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Ok(DocumentType::Png));
        for refused in [
            &b"<!DOCTYPE html><title>invoice.pdf</title>"[..],
            b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
            b"PK\x03\x04\x14\0\0\0",
            b" %PDF-1.4",
            b"GIF89a",
        ] {
            assert_eq!(DocumentType::sniff(refused), Err(InputError::FileTypeNotAllowed));
        }
        assert_eq!(DocumentType::sniff(b""), Err(InputError::FileEmpty));
    }

    #[test]
    fn names_are_for_display_only() {
        assert_eq!(display_name("kvitto maj.pdf", DocumentType::Pdf), "kvitto maj.pdf");
        assert_eq!(display_name("../../etc/passwd", DocumentType::Png), "passwd.png");
        assert_eq!(display_name("C:\\Users\\å\\Kvittö.JPG", DocumentType::Jpeg), "Kvittö.jpg");
        assert_eq!(display_name("<b>alert(1)</b>.pdf", DocumentType::Pdf), "b.pdf");
        assert_eq!(display_name("<img onerror=x>.pdf", DocumentType::Pdf), "img onerror_x.pdf");
        assert_eq!(display_name("bild.png", DocumentType::Pdf), "bild.pdf", "the real type's extension");
        assert_eq!(display_name("\"; filename=x.html", DocumentType::Pdf), "filename_x.pdf");
        assert_eq!(display_name("...", DocumentType::Pdf), "document.pdf");
        assert_eq!(display_name(&"a".repeat(500), DocumentType::Pdf).len(), 104);
    }
}

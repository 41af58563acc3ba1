//! Small files of each kind, as a phone would send them: real signatures, some bytes after.

#![allow(dead_code)]

pub fn pdf() -> Vec<u8> {
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".to_vec()
}

pub fn png() -> Vec<u8> {
    let mut v = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0".to_vec();
    v.extend_from_slice(&[0x1f, 0x15, 0xc4, 0x89]);
    v
}

pub fn jpeg() -> Vec<u8> {
    let mut v = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
    v.extend_from_slice(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0\xFF\xD9");
    v
}

/// HTML that calls itself a PDF.
pub fn html_named_pdf() -> Vec<u8> {
    b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>".to_vec()
}

pub fn svg() -> Vec<u8> {
    br#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="1" height="1"/></svg>"#.to_vec()
}

pub fn zip() -> Vec<u8> {
    b"PK\x03\x04\x14\0\0\0\x08\0receipt.pdf".to_vec()
}

/// A PDF one byte over 10 MB.
pub fn oversized_pdf() -> Vec<u8> {
    let mut v = pdf();
    v.resize(10 * 1024 * 1024 + 1, b' ');
    v
}

//! Removes what a photo says about where and how it was taken before it is stored: a phone's
//! picture of a receipt carries the GPS position of the debtor's home in its EXIF data (security
//! review). JPEG loses its APP1 (EXIF, XMP) and APP13 (IPTC) segments, PNG its `eXIf` and text
//! chunks; the picture itself is untouched. The work is done in the buffer itself, so an upload is
//! not copied. A JPEG whose segments do not lead to its picture is kept whole, and a PNG whose
//! chunks stop reading is kept whole from that point: a damaged file is the debtor's evidence all
//! the same, and what is kept always starts as the type it was recognised as.

use super::document::DocumentType;

/// Strips `content` (of type `kind`) in place; PDF is left as it is.
pub fn strip_metadata(kind: DocumentType, content: &mut Vec<u8>) {
    match kind {
        DocumentType::Jpeg => strip_jpeg(content),
        DocumentType::Png => strip_png(content),
        DocumentType::Pdf => {}
    }
}

/// Moves `content[from..from + len]` to `to` (never right of `from`).
fn keep(content: &mut [u8], from: usize, len: usize, to: usize) -> usize {
    content.copy_within(from..from + len, to);
    to + len
}

/// The JPEG segments before the picture (SOS), as (start, length, marker); `None` when the walk
/// does not reach SOS cleanly. Stripping a file that does not read as a JPEG could leave bytes that
/// are no picture at all under the JPEG type (found by fuzzing: `FF D8 FF E1 00 02` became `FF D8`).
fn jpeg_segments(content: &[u8]) -> Option<Vec<(usize, usize, u8)>> {
    // After SOI, segments `FF xx` with a two-byte length that counts itself, up to SOS, after
    // which the entropy-coded picture runs to the end.
    let mut segments = Vec::new();
    let mut read = 2usize;
    while read + 4 <= content.len() && content[read] == 0xFF {
        let marker = content[read + 1];
        if marker == 0xDA {
            return Some(segments);
        }
        let len = usize::from(u16::from_be_bytes([content[read + 2], content[read + 3]]));
        if len < 2 || read + 2 + len > content.len() {
            return None;
        }
        segments.push((read, 2 + len, marker));
        read += 2 + len;
    }
    None
}

fn strip_jpeg(content: &mut Vec<u8>) {
    let Some(segments) = jpeg_segments(content) else { return };
    let (mut write, mut read) = (2usize, 2usize);
    for (start, len, marker) in segments {
        read = start + len;
        if !matches!(marker, 0xE1 | 0xED) {
            write = keep(content, start, len, write);
        }
    }
    let rest = content.len() - read;
    write = keep(content, read, rest, write);
    content.truncate(write);
}

fn strip_png(content: &mut Vec<u8>) {
    // After the 8-byte signature, chunks: length (4), type (4), data, CRC (4).
    let (mut read, mut write) = (8usize, 8usize);
    while read + 12 <= content.len() {
        let len = u32::from_be_bytes([content[read], content[read + 1], content[read + 2], content[read + 3]]) as usize;
        let Some(chunk) = len.checked_add(12).filter(|c| read + c <= content.len()) else { break };
        let kind = &content[read + 4..read + 8];
        if !matches!(kind, b"eXIf" | b"tEXt" | b"zTXt" | b"iTXt") {
            write = keep(content, read, chunk, write);
        }
        read += chunk;
    }
    let rest = content.len() - read;
    write = keep(content, read, rest, write);
    content.truncate(write);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segment(marker: u8, data: &[u8]) -> Vec<u8> {
        let mut s = vec![0xFF, marker];
        s.extend_from_slice(&((data.len() + 2) as u16).to_be_bytes());
        s.extend_from_slice(data);
        s
    }

    #[test]
    fn a_jpeg_loses_its_exif_and_keeps_its_picture() {
        let gps = b"Exif\0\0GPS 59.3293N 18.0686E";
        let picture = [0xFF, 0xDA, 0x00, 0x04, 0x01, 0x02, 0x11, 0x22, 0xFF, 0xD9];
        let mut jpeg = vec![0xFF, 0xD8];
        jpeg.extend(segment(0xE0, b"JFIF\0\x01\x02"));
        jpeg.extend(segment(0xE1, gps));
        jpeg.extend(segment(0xDB, &[0u8; 5]));
        jpeg.extend(segment(0xED, b"Photoshop 3.0 IPTC"));
        jpeg.extend_from_slice(&picture);
        let mut want = vec![0xFF, 0xD8];
        want.extend(segment(0xE0, b"JFIF\0\x01\x02"));
        want.extend(segment(0xDB, &[0u8; 5]));
        want.extend_from_slice(&picture);
        strip_metadata(DocumentType::Jpeg, &mut jpeg);
        assert_eq!(jpeg, want);
    }

    fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut c = (data.len() as u32).to_be_bytes().to_vec();
        c.extend_from_slice(kind);
        c.extend_from_slice(data);
        c.extend_from_slice(&[0xAA, 0xBB, 0xCC, 0xDD]);
        c
    }

    #[test]
    fn a_png_loses_its_exif_and_text_chunks() {
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        let (ihdr, idat, iend) = (chunk(b"IHDR", &[1; 13]), chunk(b"IDAT", &[7; 20]), chunk(b"IEND", &[]));
        png.extend(&ihdr);
        png.extend(chunk(b"eXIf", b"GPS 59.3293N"));
        png.extend(chunk(b"tEXt", b"Author\0Anna"));
        png.extend(&idat);
        png.extend(&iend);
        strip_metadata(DocumentType::Png, &mut png);
        let want: Vec<u8> = [b"\x89PNG\r\n\x1a\n".to_vec(), ihdr, idat, iend].concat();
        assert_eq!(png, want);
    }

    #[test]
    fn damaged_or_other_files_are_kept_as_they_are() {
        let pdf = b"%PDF-1.7 /GPS".to_vec();
        let mut same = pdf.clone();
        strip_metadata(DocumentType::Pdf, &mut same);
        assert_eq!(same, pdf);
        // A segment length running past the end: nothing after that point is touched.
        let mut broken = vec![0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF, 1, 2, 3];
        let before = broken.clone();
        strip_metadata(DocumentType::Jpeg, &mut broken);
        assert_eq!(broken, before);
        // Metadata and then no picture: not a JPEG that can be stripped, so kept whole (still the
        // bytes that were sent, whose type the upload check decided on).
        let mut no_picture = vec![0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x02];
        strip_metadata(DocumentType::Jpeg, &mut no_picture);
        assert_eq!(no_picture, [0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x02]);
        let mut short_png = b"\x89PNG\r\n\x1a\n\0\0".to_vec();
        let before = short_png.clone();
        strip_metadata(DocumentType::Png, &mut short_png);
        assert_eq!(short_png, before);
    }
}

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

/// Whether a JPEG segment says something about the photo rather than being the photo: EXIF and
/// XMP (APP1), FlashPix and MPF, that lead to secondary images with EXIF of their own (APP2 but an
/// ICC colour profile, which the picture needs), APP3 to APP13 (IPTC among them), APP15 and
/// comments. JFIF (APP0) and Adobe's colour transform (APP14) stay.
fn is_metadata(marker: u8, data: &[u8]) -> bool {
    match marker {
        0xE2 => !data.starts_with(b"ICC_PROFILE\0"),
        0xE1 | 0xE3..=0xED | 0xEF | 0xFE => true,
        _ => false,
    }
}

fn strip_jpeg(content: &mut Vec<u8>) {
    if jpeg_segments(content).is_none() {
        return;
    }
    // Every marker to the end of the primary picture (progressive pictures have tables and further
    // scans between their scans), then nothing: what a phone appends after EOI (MPF secondary
    // images, a motion photo's video) carries metadata of its own.
    let (mut read, mut write) = (2usize, 2usize);
    let len = content.len();
    while read + 2 <= len && content[read] == 0xFF {
        let marker = content[read + 1];
        match marker {
            0xD9 => {
                write = keep(content, read, 2, write);
                content.truncate(write);
                return;
            }
            // Fill bytes before a marker.
            0xFF => read += 1,
            0x01 | 0xD0..=0xD7 => {
                write = keep(content, read, 2, write);
                read += 2;
            }
            _ => {
                if read + 4 > len {
                    break;
                }
                let segment = 2 + usize::from(u16::from_be_bytes([content[read + 2], content[read + 3]]));
                if segment < 4 || read + segment > len {
                    break;
                }
                if !is_metadata(marker, &content[read + 4..read + segment]) {
                    write = keep(content, read, segment, write);
                }
                read += segment;
                if marker == 0xDA {
                    // The scan's coded data, up to the next marker (not a stuffed 00 or a restart).
                    let mut end = read;
                    while end + 1 < len
                        && !(content[end] == 0xFF
                            && content[end + 1] != 0x00
                            && !(0xD0..=0xD7).contains(&content[end + 1]))
                    {
                        end += 1;
                    }
                    if end + 1 >= len {
                        break;
                    }
                    write = keep(content, read, end - read, write);
                    read = end;
                }
            }
        }
    }
    // A file that stops reading as a JPEG is kept whole from there.
    let rest = len - read;
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
        let end = kind == b"IEND";
        if !matches!(kind, b"eXIf" | b"tEXt" | b"zTXt" | b"iTXt") {
            write = keep(content, read, chunk, write);
        }
        read += chunk;
        if end {
            // Nothing after the picture's end: appended data is nobody's picture.
            content.truncate(write);
            return;
        }
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
    fn a_jpeg_loses_comments_and_everything_after_its_picture_and_keeps_its_colours() {
        let icc = segment(0xE2, b"ICC_PROFILE\0\x01\x01profile");
        let scan = [0xFF, 0xDA, 0x00, 0x04, 0x01, 0x02, 0x11, 0xFF, 0x00, 0x22, 0xFF, 0xD0, 0x33];
        let mut jpeg = vec![0xFF, 0xD8];
        jpeg.extend(&icc);
        jpeg.extend(segment(0xE2, b"MPF\0 second image with GPS"));
        jpeg.extend(segment(0xFE, b"GPS-COMMENT"));
        jpeg.extend_from_slice(&scan);
        // A progressive picture's next table and scan, an EXIF segment between them, then EOI and
        // a second picture a phone appended.
        jpeg.extend(segment(0xC4, &[1, 2, 3]));
        jpeg.extend(segment(0xE1, b"Exif\0\0GPS-AFTER-SOS"));
        jpeg.extend_from_slice(&scan);
        jpeg.extend_from_slice(&[0xFF, 0xD9, 0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x08, b'G', b'P', b'S', b'!', 0, 0]);
        let mut want = vec![0xFF, 0xD8];
        want.extend(&icc);
        want.extend_from_slice(&scan);
        want.extend(segment(0xC4, &[1, 2, 3]));
        want.extend_from_slice(&scan);
        want.extend_from_slice(&[0xFF, 0xD9]);
        strip_metadata(DocumentType::Jpeg, &mut jpeg);
        assert_eq!(jpeg, want);
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
        png.extend_from_slice(b"GPS-PNG-TRAILER");
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

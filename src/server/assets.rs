//! Static files. Bundles under `/pkg` carry a content hash in their names (cargo-leptos
//! `hash-files`), so browsers may keep them for a year; they are compressed once, in the background
//! after start-up, with the best brotli and gzip settings rather than on every request. Until a
//! compressed copy exists the compression layer compresses on the fly.

use std::path::Path;

use axum::http::{header, HeaderValue};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeader;

const COMPRESSIBLE: [&str; 4] = ["wasm", "js", "css", "svg"];

/// Writes `file.br` and `file.gz` beside each compressible file that lacks a fresh copy; returns how
/// many files it compressed. A read-only site folder only costs the speed-up, so errors are logged.
pub fn precompress(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    let mut done = 0;
    for entry in entries.flatten() {
        let path = entry.path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !COMPRESSIBLE.contains(&ext) {
            continue;
        }
        match compress_one(&path) {
            Ok(true) => done += 1,
            Ok(false) => {}
            Err(e) => tracing::warn!(path = %path.display(), error = %e, "could not precompress"),
        }
    }
    done
}

fn compress_one(path: &Path) -> std::io::Result<bool> {
    use std::io::Write;
    let br = path.with_extension(format!("{}.br", path.extension().unwrap_or_default().to_string_lossy()));
    let gz = path.with_extension(format!("{}.gz", path.extension().unwrap_or_default().to_string_lossy()));
    let modified = std::fs::metadata(path)?.modified()?;
    let fresh = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).is_ok_and(|t| t >= modified);
    if fresh(&br) && fresh(&gz) {
        return Ok(false);
    }
    let data = std::fs::read(path)?;
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
    brotli::BrotliCompress(&mut &data[..], &mut out, &params)?;
    write_atomically(&br, &out)?;
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(&data)?;
    write_atomically(&gz, &enc.finish()?)?;
    Ok(true)
}

/// The server may already be answering requests: a half-written file must never be served.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".partial");
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)
}

/// `/pkg`: precompressed variants chosen by `Accept-Encoding`, cached for a year.
pub fn pkg_service(dir: &Path) -> SetResponseHeader<ServeDir, HeaderValue> {
    SetResponseHeader::overriding(
        ServeDir::new(dir).precompressed_br().precompressed_gzip(),
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn writes_both_variants_once() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("app.js"), "console.log('x');".repeat(100)).unwrap();
        std::fs::write(dir.path().join("notes.txt"), "skip me").unwrap();
        assert_eq!(super::precompress(dir.path()), 1);
        assert!(dir.path().join("app.js.br").exists() && dir.path().join("app.js.gz").exists());
        assert!(!dir.path().join("notes.txt.br").exists());
        assert_eq!(super::precompress(dir.path()), 0, "fresh copies are kept");
    }
}

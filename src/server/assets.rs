//! Static files under `/pkg`. Their names carry a content hash (cargo-leptos `hash-files`), so
//! browsers may keep them for a year. Release builds are made with `cargo leptos build --release
//! --precompress`, which writes the best brotli and gzip copies beside each file at build time; they
//! are served as they are, chosen by `Accept-Encoding`. Without them (debug builds) the compression
//! layer compresses on the fly.

use std::path::Path;

use axum::http::{header, HeaderValue};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeader;

pub fn pkg_service(dir: &Path) -> SetResponseHeader<ServeDir, HeaderValue> {
    SetResponseHeader::overriding(
        ServeDir::new(dir).precompressed_br().precompressed_gzip(),
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    )
}

#[cfg(test)]
mod tests {
    use axum::body::Body;
    use axum::http::{header, Request, StatusCode};
    use tower::ServiceExt;

    /// What the release build leaves in `target/site/pkg`: a file and its precompressed copies.
    #[tokio::test]
    async fn serves_the_precompressed_copy_the_client_accepts_and_caches_it_for_a_year() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("app.js"), "plain").unwrap();
        std::fs::write(dir.path().join("app.js.br"), "brotli").unwrap();
        std::fs::write(dir.path().join("app.js.gz"), "gzip").unwrap();
        for (accept, body, encoding) in
            [("br, gzip", "brotli", Some("br")), ("gzip", "gzip", Some("gzip")), ("", "plain", None)]
        {
            let req = Request::get("/app.js").header(header::ACCEPT_ENCODING, accept).body(Body::empty()).unwrap();
            let res = super::pkg_service(dir.path()).oneshot(req).await.unwrap();
            assert_eq!(res.status(), StatusCode::OK);
            assert_eq!(res.headers()[header::CACHE_CONTROL], "public, max-age=31536000, immutable");
            assert_eq!(res.headers().get(header::CONTENT_ENCODING).map(|v| v.to_str().unwrap()), encoding, "{accept}");
            let bytes = axum::body::to_bytes(axum::body::Body::new(res.into_body()), 1024).await.unwrap();
            assert_eq!(&bytes[..], body.as_bytes(), "{accept}");
        }
    }
}

//! `GET /documents/{id}`: a document, opened from its seal, for the debtor who sent it (and only
//! through a session allowed to see its claim). Anyone else gets "not found", like an id that does
//! not exist. Always a download (`attachment`), with the type its content was recognised as;
//! `nosniff` comes from the shared headers, so a browser never renders it as a page.

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};

use super::auth::debtor_from_headers;
use super::http::AppState;
use crate::error::AppError;

pub async fn download_document(State(state): State<AppState>, Path(id): Path<String>, headers: HeaderMap) -> Response {
    let who = match debtor_from_headers(&state.sessions, &headers, state.clock.now()).await {
        Ok(who) => who,
        Err(e) => return super::error_page::respond(&headers, e),
    };
    let doc = match state.store.document(&id).await {
        Ok(Some(doc))
            if doc.debtor_id == who.debtor_id && doc.claim_id.as_deref().is_none_or(|c| who.claims.allows(c)) =>
        {
            doc
        }
        Ok(_) => return super::error_page::respond(&headers, AppError::not_found()),
        Err(e) => return super::error_page::respond(&headers, e.into()),
    };
    let content = match state.vault.open(&doc.info.id, &doc.sealed) {
        Ok(c) => c,
        Err(e) => {
            tracing::error!(document = %doc.info.id, error = %e, "a stored document does not open");
            return super::error_page::respond(&headers, AppError::internal());
        }
    };
    let mut res = content.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(doc.info.kind.as_str()));
    if let Ok(v) = HeaderValue::from_str(&content_disposition(&doc.info.name)) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    res
}

/// `attachment` with an ASCII name for old clients and the exact name (RFC 5987) for the rest. The
/// name was made harmless when stored; quotes and backslashes cannot occur in it.
fn content_disposition(name: &str) -> String {
    let ascii: String = name.chars().map(|c| if c.is_ascii_graphic() || c == ' ' { c } else { '_' }).collect();
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_are_offered_as_downloads() {
        assert_eq!(
            super::content_disposition("kvittö maj.pdf"),
            "attachment; filename=\"kvitt_ maj.pdf\"; filename*=UTF-8''kvitt%C3%B6%20maj.pdf"
        );
    }
}

//! `GET /documents/{id}`: a document, opened from its seal, for the debtor who sent it, and only
//! through a session allowed to see it: evidence through one that sees its claim, a hardship
//! document through one holding every letter its statement was shared through. `GET /staff/documents/{id}`: the same for the
//! creditor's staff, when the document is evidence in a dispute on their creditor's claim, or
//! belongs to a hardship statement the debtor shared for one of them. Anyone else gets "not
//! found", like an id that does not exist. Always a download (`attachment`), with the type its
//! content was recognised as; `nosniff` comes from the shared headers, so a browser never renders
//! it as a page.

use crate::domain::ids::DocumentId;
use crate::server::path_id::PathId;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};

use super::auth::{Debtor, DebtorAccess, Staff, StaffAccess};
use super::http::AppState;
use super::staff::scope::creditor_claim;
use super::store::{DocumentOwner, Store, StoredDocument};
use crate::error::AppError;

pub async fn download_document(
    State(state): State<AppState>,
    Debtor(who): Debtor,
    PathId(id): PathId<DocumentId>,
    headers: HeaderMap,
) -> Response {
    match debtor_may_read(&state.store, &who, &id).await {
        Ok(doc) => send(&state, &headers, &doc),
        Err(e) => super::error_page::respond(&headers, e),
    }
}

/// The document, when this session of its debtor may read it.
async fn debtor_may_read(store: &Store, who: &DebtorAccess, id: &DocumentId) -> Result<StoredDocument, AppError> {
    let doc = store.document(id).await?.filter(|d| d.debtor_id == who.debtor_id).ok_or_else(AppError::not_found)?;
    let allowed = match doc.owner {
        DocumentOwner::DisputeEntry => doc.claim_id.as_ref().is_some_and(|c| who.claims.allows(c)),
        DocumentOwner::Hardship => {
            store.hardship(&doc.owner_id).await?.is_some_and(|h| who.claims.holds_all(&h.letters))
        }
    };
    if allowed {
        Ok(doc)
    } else {
        Err(AppError::not_found())
    }
}

pub async fn staff_document(
    State(state): State<AppState>,
    Staff(who): Staff,
    PathId(id): PathId<DocumentId>,
    headers: HeaderMap,
) -> Response {
    match staff_may_read(&state.store, &who, &id).await {
        Ok(doc) => send(&state, &headers, &doc),
        Err(e) => super::error_page::respond(&headers, e),
    }
}

/// The document, when the staff member's creditor may read it.
async fn staff_may_read(store: &Store, who: &StaffAccess, id: &DocumentId) -> Result<StoredDocument, AppError> {
    let doc = store.document(id).await?.ok_or_else(AppError::not_found)?;
    match doc.owner {
        DocumentOwner::DisputeEntry => {
            creditor_claim(store, &who.creditor_id, doc.claim_id.as_ref().ok_or_else(AppError::not_found)?).await?;
        }
        DocumentOwner::Hardship => {
            let shared = store.hardship(&doc.owner_id).await?;
            let mut allowed = false;
            for claim in shared.map(|h| h.claim_ids).unwrap_or_default() {
                allowed |= creditor_claim(store, &who.creditor_id, &claim).await.is_ok();
            }
            if !allowed {
                return Err(AppError::not_found());
            }
        }
    }
    Ok(doc)
}

fn send(state: &AppState, headers: &HeaderMap, doc: &StoredDocument) -> Response {
    let content = match state.vault.open(doc.info.id.as_str(), &doc.sealed) {
        Ok(c) => c,
        Err(e) => {
            tracing::error!(document = %doc.info.id, error = %e, "a stored document does not open");
            return super::error_page::respond(headers, AppError::internal());
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

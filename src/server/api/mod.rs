//! The creditors' REST API, `/api/v1`. Every route is mounted by `utoipa_axum::routes!` from the
//! same `#[utoipa::path]` annotation that documents it, so the OpenAPI 3.1 document served at
//! `/api/v1/openapi.json` cannot list a route the router lacks or miss one it has. Every route
//! but the document needs an API key (`key`), and every POST may carry an `Idempotency-Key`
//! (`idempotency`); both are layers, so a route added here inherits them. The shared layers of
//! `http::with_shared_layers` (headers, limits, same-origin check) apply as to every route.

mod body;
pub mod claims;
mod decisions;
mod idempotency;
mod key;
mod lists;
mod views;

use std::sync::OnceLock;

use axum::http::header;
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::Router;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub use key::{client_of_key, generate_key, key_hash, KEY_PREFIX_CHARS};
pub use views::{DisputeResolutionIn, NewClaim, NewPayment, ProposalDecisionIn};

use super::http::AppState;
use crate::error::AppError;

pub const BASE: &str = "/api/v1";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "debtor-portal creditor API",
        version = "1",
        description = "Send claims and payments in; take plan proposals and disputes out and decide them. \
            Authenticate with `Authorization: Bearer <key>` (an administrator makes keys on the staff \
            page \"API keys\"). Amounts are decimal strings with two decimals in the claim's currency; \
            dates are `YYYY-MM-DD`. Every POST may carry an `Idempotency-Key` (1-255 printable ASCII \
            characters): the same key with the same request answers the first answer again, with \
            another request `422 idempotency_key_reused`. Errors are `{\"error\": code, \"message\": text}`."
    ),
    modifiers(&BearerKey),
    tags((name = "claims"), (name = "plan proposals"), (name = "disputes"), (name = "meta"))
)]
struct ApiDoc;

struct BearerKey;

impl Modify for BearerKey {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let scheme = SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build());
        doc.components.get_or_insert_with(Default::default).add_security_scheme("api_key", scheme);
    }
}

/// The routes that need an API key (all but the document), unlayered.
fn keyed() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(claims::create_claims))
        .routes(routes!(claims::claim))
        .routes(routes!(claims::add_payment))
        .routes(routes!(decisions::proposals))
        .routes(routes!(decisions::decide_proposal))
        .routes(routes!(decisions::disputes))
        .routes(routes!(decisions::resolve_dispute))
}

/// The document needs no key: it describes the API, it holds no one's data.
fn public() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(openapi_json))
}

/// The API's OpenAPI document: every route of `keyed` and `public`, under `/api/v1`.
pub fn openapi() -> utoipa::openapi::OpenApi {
    OpenApiRouter::with_openapi(ApiDoc::openapi()).nest(BASE, keyed().merge(public())).split_for_parts().1
}

/// This document, as JSON (OpenAPI 3.1).
#[utoipa::path(
    get,
    path = "/openapi.json",
    tag = "meta",
    responses((status = 200, description = "The API's OpenAPI 3.1 document", content_type = "application/json"))
)]
async fn openapi_json() -> Response {
    static DOC: OnceLock<String> = OnceLock::new();
    let doc = DOC.get_or_init(|| openapi().to_pretty_json().expect("the API document serialises"));
    ([(header::CONTENT_TYPE, "application/json")], doc.as_str()).into_response()
}

/// The API's routes, ready to merge into the application's router.
pub fn routes(state: &AppState) -> Router<AppState> {
    let keyed = keyed()
        // An unknown address under /api/v1 answers in JSON like the rest of the API.
        .route("/{*rest}", any(|| async { AppError::not_found() }))
        .layer(middleware::from_fn_with_state(state.clone(), idempotency::idempotent))
        .layer(middleware::from_fn_with_state(state.clone(), key::api_key));
    OpenApiRouter::new().nest(BASE, keyed.merge(public())).split_for_parts().0
}

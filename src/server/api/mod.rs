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
pub(crate) mod lists;
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

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    fn doc() -> Value {
        serde_json::to_value(super::openapi()).unwrap()
    }

    /// The schema `schema` names, through its `$ref` if it is one.
    fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
        match schema["$ref"].as_str() {
            Some(r) => doc.pointer(r.trim_start_matches('#')).unwrap_or_else(|| panic!("{r} is in the document")),
            None => schema,
        }
    }

    fn query_param<'a>(doc: &'a Value, path: &str, name: &str) -> &'a Value {
        let params = doc["paths"][path]["get"]["parameters"].as_array().unwrap();
        let p = params.iter().find(|p| p["name"] == name).unwrap_or_else(|| panic!("{path} takes {name}"));
        assert_eq!(p["in"], "query");
        resolve(doc, &p["schema"])
    }

    #[test]
    fn the_lists_document_their_status_values_and_limits() {
        let doc = doc();
        let status = query_param(&doc, "/api/v1/plan-proposals", "status");
        assert_eq!(status["enum"], json!(["pending", "active", "withdrawn", "declined", "lapsed"]));
        let status = query_param(&doc, "/api/v1/disputes", "status");
        assert_eq!(status["enum"], json!(["open", "upheld", "rejected"]));
        let limit = query_param(&doc, "/api/v1/disputes", "limit");
        assert_eq!((limit["minimum"].as_i64(), limit["maximum"].as_i64()), (Some(1), Some(100)));
    }

    #[test]
    fn answers_name_their_codes_and_requests_their_rules() {
        let doc = doc();
        let schemas = &doc["components"]["schemas"];
        let status = resolve(&doc, &schemas["ClaimView"]["properties"]["status"]);
        let expected =
            json!(["demand_sent", "plan_proposed", "plan_active", "disputed", "contested", "paid", "closed"]);
        assert_eq!(status["enum"], expected);
        assert_eq!(resolve(&doc, &schemas["ClaimView"]["properties"]["currency"])["enum"], json!(["SEK", "NOK"]));
        let outcome = &schemas["ProposalDecisionIn"]["properties"]["outcome"];
        assert_eq!(outcome["enum"], json!(["approved", "declined"]));
        let name = &schemas["NewClaim"]["properties"]["debtor_name"];
        assert_eq!((name["minLength"].as_u64(), name["maxLength"].as_u64()), (Some(1), Some(200)));
        // A key the server refuses (400) is one the document forbids.
        let key = doc["paths"]["/api/v1/claims"]["post"]["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == "Idempotency-Key")
            .unwrap();
        assert_eq!(key["schema"]["maxLength"], 255);
        assert_eq!(key["schema"]["pattern"], "^[!-~]+$");
    }

    #[test]
    fn every_post_documents_a_reused_idempotency_key() {
        let doc = doc();
        for (path, item) in doc["paths"].as_object().unwrap() {
            if let Some(post) = item.get("post") {
                assert!(post["responses"].get("422").is_some(), "{path}");
                assert!(post["responses"].get("409").is_some(), "{path}");
            }
        }
    }
}

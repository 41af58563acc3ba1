//! The HTTP server: routes, middleware and the serve loop.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{DefaultBodyLimit, FromRef, Path, Query, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, MethodRouter};
use axum::Router;
use leptos::config::LeptosOptions;
use leptos::prelude::{provide_context, use_context};
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};
use tower::limit::GlobalConcurrencyLimitLayer;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};

use super::agreement_pdf::agreement_pdf;
use super::assets;
use super::auth::{HashingSlots, Sessions, StaffSessions};
use super::clock::Clock;
use super::config::Config;
use super::deferrals::request_deferral;
use super::disputes::{add_to_dispute, send_dispute};
use super::document_download::{download_document, staff_document};
use super::document_vault::Vault;
use super::hardship::{share_hardship, withdraw_hardship};
use super::my_data::{export_my_data, request_review};
use super::plans::{accept_counter, decline_counter, propose_plan, withdraw_plan};
use super::request_limits::{
    request_limits, RequestLimits, FORM_MIN_RATE_BYTES, FORM_MIN_RATE_WINDOW, MIN_RATE_BYTES, MIN_RATE_WINDOW,
};
use super::same_origin::{same_origin, AllowedOrigin};
use super::security_headers::{security_headers, CspNonce, Tls};
use super::sign_in::{add_letter, sign_in, sign_out};
use super::staff::accounts::{add_account, remove_account};
use super::staff::api_keys::{make_key, revoke_key};
use super::staff::deferrals::decide_deferral;
use super::staff::disputes::decide_dispute;
use super::staff::import::import_claims;
use super::staff::plan_end::end_plan;
use super::staff::policy::save_policy;
use super::staff::proposals::{counter_proposal, decide_proposal};
use super::staff::rates::publish_rate;
use super::staff::reviews::answer_review;
use super::staff::security::{change_password, enable_two_factor, second_factor};
use super::staff::sign_in::{staff_sign_in, staff_sign_out};
use super::store::Store;
use crate::app::{shell, App};
use crate::domain::Language;
use crate::error::{AppError, PortalCode};

#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub store: Store,
    pub sessions: Sessions,
    /// Creditor staff's sessions, under their own cookie.
    pub staff_sessions: Sessions,
    pub config: Arc<Config>,
    /// The one clock: the system's in production, a fixed one in tests.
    pub clock: Clock,
    /// Access-code and password checks (argon2) running at once, a share per client; see `sign_in`.
    pub sign_in_permits: HashingSlots,
    /// Seals and opens documents (`DOCUMENT_KEYS`).
    pub vault: Vault,
    /// When each client's refused API key was last audited (`api::key`).
    pub refused_api_keys: Arc<std::sync::Mutex<std::collections::HashMap<String, crate::server::clock::Instant>>>,
    /// Set when the process was asked to stop: `/readyz` says 503 so the proxy sends no more,
    /// while what is under way finishes (`drain_then_stop`).
    pub draining: Arc<std::sync::atomic::AtomicBool>,
}

impl AppState {
    pub fn new(leptos_options: LeptosOptions, store: Store, config: Config, clock: Clock) -> Self {
        let vault = Vault::new(&config.document_keys);
        let store =
            store.with_clock(clock.clone()).with_vault(vault.clone()).with_reference_ttl(config.reference_cache);
        let tls = config.public_url.is_https();
        let sessions = Sessions::new(store.clone(), config.secret_key.clone(), tls);
        let staff_sessions = Sessions::for_staff(store.clone(), config.secret_key.clone(), tls);
        super::auth::prepare_decoy_hash();
        let sign_in_permits = HashingSlots::new(config.sign_in_concurrency);
        let config = Arc::new(config);
        Self {
            leptos_options,
            store,
            sessions,
            staff_sessions,
            config,
            clock,
            sign_in_permits,
            vault,
            refused_api_keys: Arc::default(),
            draining: Arc::default(),
        }
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(s: &AppState) -> Self {
        s.leptos_options.clone()
    }
}

/// The pages' routes, generated once per process. Generating them renders the app with resource
/// loading switched off for the whole process (leptos_server's `SuppressResourceLoad`): a page
/// whose resource first polled meanwhile, in another router of the same process, would wait
/// forever (leptos-rs/leptos#4773) — the tests start a router per test, and saw exactly that as a
/// rare 30-second timeout. Generated once, before any router exists, nothing can overlap it.
fn page_routes() -> Vec<AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// The pages' paths (axum's syntax, `/claims/{id}`), as `router` mounts them.
pub fn page_paths() -> Vec<String> {
    page_routes().iter().map(|r| r.path().to_owned()).collect()
}

/// The server's own routes: forms, files, the language switch and the probes; everything but the
/// pages, their server functions and the API. `router` mounts exactly these, and the authorization
/// matrix test (`tests/authorization_matrix.rs`) reads their paths from here, so no route escapes it.
pub fn form_routes() -> Vec<(&'static str, MethodRouter<AppState>)> {
    vec![
        ("/healthz", get(healthz)),
        ("/readyz", get(readyz)),
        ("/language/{code}", get(set_language)),
        ("/sign-in", post(sign_in)),
        ("/sign-in/add-letter", post(add_letter)),
        ("/sign-out", post(sign_out)),
        ("/claims/{id}/plan", post(propose_plan)),
        ("/claims/{id}/plan/withdraw", post(withdraw_plan)),
        ("/claims/{id}/plan/counter/accept", post(accept_counter)),
        ("/claims/{id}/plan/counter/decline", post(decline_counter)),
        ("/claims/{id}/plan/agreement.pdf", get(agreement_pdf)),
        ("/claims/{id}/dispute", post(send_dispute)),
        ("/claims/{id}/dispute/add", post(add_to_dispute)),
        ("/claims/{id}/deferral", post(request_deferral)),
        ("/claims/{id}/refund-account", post(super::refund_accounts::give_refund_account)),
        ("/documents/{id}", get(download_document)),
        ("/hardship", post(share_hardship)),
        ("/hardship/withdraw", post(withdraw_hardship)),
        ("/my-data/export.json", get(export_my_data)),
        ("/my-data/review", post(request_review)),
        ("/staff/sign-in", post(staff_sign_in)),
        ("/staff/sign-out", post(staff_sign_out)),
        ("/staff/second-factor", post(second_factor)),
        ("/staff/password", post(change_password)),
        ("/staff/two-factor", post(enable_two_factor)),
        ("/staff/proposals/{id}/decision", post(decide_proposal)),
        ("/staff/proposals/{id}/counter", post(counter_proposal)),
        ("/staff/proposals/{id}/end", post(end_plan)),
        ("/staff/disputes/{id}/decision", post(decide_dispute)),
        ("/staff/deferrals/{id}/decision", post(decide_deferral)),
        ("/staff/reviews/{id}/answer", post(answer_review)),
        ("/staff/policy", post(save_policy)),
        ("/staff/rates", post(publish_rate)),
        ("/staff/accounts", post(add_account)),
        ("/staff/accounts/{id}/remove", post(remove_account)),
        ("/staff/import", post(import_claims)),
        ("/staff/api-keys", post(make_key)),
        ("/staff/api-keys/{id}/revoke", post(revoke_key)),
        ("/staff/documents/{id}", get(staff_document)),
    ]
}

/// The whole application; `serve` and the integration tests build it the same way.
pub fn router(state: AppState) -> Router {
    let options = state.leptos_options.clone();
    let pkg_dir = PathBuf::from(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref());
    let routes = page_routes();
    let config = state.config.clone();
    let context = {
        let (store, sessions, clock) = (state.store.clone(), state.sessions.clone(), state.clock.clone());
        let vault = state.vault.clone();
        let staff_sessions = StaffSessions(state.staff_sessions.clone());
        let config = state.config.clone();
        move || {
            provide_context(config.clone());
            provide_context(store.clone());
            provide_context(sessions.clone());
            provide_context(staff_sessions.clone());
            provide_context(clock.clone());
            provide_context(vault.clone());
            provide_request_nonce();
        }
    };
    let routes = form_routes()
        .into_iter()
        .fold(Router::new(), |r, (path, method)| r.route(path, method))
        .merge(super::api::routes(&state))
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = options.clone();
            move || shell(options.clone())
        })
        .nest_service("/pkg", assets::pkg_service(&pkg_dir))
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(context, shell))
        .with_state(state);
    with_shared_layers(routes, &config)
}

/// Leptos makes a nonce of its own for each page; the one in the CSP header is made by
/// `security_headers`, so the page's inline scripts get that one instead.
fn provide_request_nonce() {
    let nonce = use_context::<axum::http::request::Parts>().and_then(|p| p.extensions.get::<CspNonce>().cloned());
    if let Some(CspNonce(n)) = nonce {
        provide_context(leptos::nonce::Nonce::from_value(n));
    }
}

/// What every route gets, new ones included. From the outside in: one log line per request; the
/// security headers (on every answer, errors and refusals too); the request's time and size limits
/// (`request_limits`); the concurrency limit; compression; the same-origin check for state changes; no caching of
/// personal pages; and a panic turned into a logged 500 instead of a dropped connection.
pub fn with_shared_layers(routes: Router, config: &Config) -> Router {
    // The span names the path only: a query string can carry things that are nobody's business.
    let trace = TraceLayer::new_for_http()
        .make_span_with(|req: &Request| {
            let id = super::request_id::of(req);
            tracing::info_span!("request", request_id = %id, method = %req.method(), path = %req.uri().path())
        })
        .on_response(DefaultOnResponse::new().level(tracing::Level::INFO));
    let origin = AllowedOrigin(config.public_url.origin().into());
    let limits = RequestLimits {
        form_body: config.body_limit,
        upload_body: config.upload_limit,
        timeout: Duration::from_secs(config.request_timeout_secs),
        upload_timeout: Duration::from_secs(config.upload_timeout_secs),
        min_rate_bytes: MIN_RATE_BYTES,
        min_rate_window: MIN_RATE_WINDOW,
        form_min_rate_bytes: FORM_MIN_RATE_BYTES,
        form_min_rate_window: FORM_MIN_RATE_WINDOW,
    };
    routes
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(middleware::from_fn(no_store_by_default))
        .layer(middleware::from_fn_with_state(origin, same_origin))
        .layer(CompressionLayer::new())
        .layer(GlobalConcurrencyLimitLayer::new(config.concurrency_limit))
        // `request_limits` sizes every body; axum's own 2 MB default for extractors would cut uploads.
        .layer(DefaultBodyLimit::disable())
        .layer(middleware::from_fn_with_state(limits, request_limits))
        .layer(middleware::from_fn_with_state(Tls(config.public_url.is_https()), security_headers))
        .layer(trace)
        .layer(middleware::from_fn(super::metrics::record))
        // Outside the trace layer, so the span has the id.
        .layer(middleware::from_fn(super::request_id::request_id))
}

fn panic_response(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let what = panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    tracing::error!(panic = %what, "a request handler panicked");
    AppError::internal().into_response()
}

/// Alive: the process answers.
async fn healthz() -> &'static str {
    "ok"
}

/// Ready: the database answers too; load balancers stop sending traffic on 503. Still ready, but
/// said on a line of its own (`warning rate_missing TABLE FROM`), when a rate table has no rate for
/// the current half-year: interest then carries the latest rate forward until one is published.
async fn readyz(State(state): State<AppState>) -> Response {
    if state.draining.load(std::sync::atomic::Ordering::SeqCst) {
        return (StatusCode::SERVICE_UNAVAILABLE, "draining\n").into_response();
    }
    let ready = async {
        state.store.ping().await?;
        state.store.missing_rates(&state.clock).await
    };
    match ready.await {
        Ok(missing) => {
            let mut body = String::from("ready\n");
            for (table, from) in missing {
                body.push_str(&format!("warning rate_missing {table} {from}\n"));
            }
            body.into_response()
        }
        Err(e) => {
            tracing::warn!(error = %e, "readiness check failed");
            AppError::unavailable().into_response()
        }
    }
}

/// The cookie the i18n layer reads the reader's language from (leptos_i18n's default name).
pub const LANGUAGE_COOKIE: &str = "i18n_pref_locale";

#[derive(serde::Deserialize)]
struct LanguageQuery {
    next: Option<String>,
}

/// The language switcher without JavaScript: remember the choice in the cookie the i18n layer reads,
/// then go back where the reader was. Only same-site paths are followed, so this is no open redirect.
async fn set_language(Path(code): Path<String>, Query(q): Query<LanguageQuery>) -> Response {
    let Ok(language) = code.parse::<Language>() else {
        return AppError::new(PortalCode::UnknownLanguage, "choose sv, nb or en").into_response();
    };
    let next = q.next.filter(|n| is_local_path(n)).unwrap_or_else(|| "/".into());
    let cookie = cookie::Cookie::build((LANGUAGE_COOKIE, language.as_str()))
        .path("/")
        .max_age(cookie::time::Duration::days(365))
        .same_site(cookie::SameSite::Lax)
        .build();
    super::redirect::see_other(&next, Some(cookie))
}

fn is_local_path(p: &str) -> bool {
    p.starts_with('/') && !p.starts_with("//") && !p.contains('\\') && !p.chars().any(char::is_control)
}

/// Pages can hold personal data: nothing is cached unless a route says otherwise (the hashed bundles).
async fn no_store_by_default(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    res.headers_mut().entry(header::CACHE_CONTROL).or_insert(HeaderValue::from_static("no-store"));
    res
}

/// Completes on SIGINT or SIGTERM; in-flight requests then finish before the process exits.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down");
}

/// What `serve` waits for before it stops accepting: a stop signal, then `drain` with `/readyz`
/// answering 503 (the proxy's health check takes the node out while it still serves what it
/// is sent), cut short by a second signal. In-flight requests then get their own bound
/// (`serve::serve_with`).
pub async fn drain_then_stop(draining: Arc<std::sync::atomic::AtomicBool>, drain: Duration) {
    shutdown_signal().await;
    draining.store(true, std::sync::atomic::Ordering::SeqCst);
    if !drain.is_zero() {
        tracing::info!(seconds = drain.as_secs(), "draining: not ready, still serving");
        tokio::select! {
            () = tokio::time::sleep(drain) => {},
            () = shutdown_signal() => {},
        }
    }
}

#[cfg(test)]
mod tests {
    use axum::body::Body;
    use axum::routing::get;
    use tower::ServiceExt;

    async fn boom() -> &'static str {
        panic!("boom")
    }

    #[tokio::test]
    async fn a_panicking_handler_is_a_logged_500_with_the_calm_message() {
        let dir = tempfile::tempdir().unwrap();
        let config = crate::server::config::Config::from_lookup(|k| {
            (k == "DATA_DIR").then(|| dir.path().to_str().unwrap().to_owned())
        })
        .unwrap();
        let app = super::with_shared_layers(axum::Router::new().route("/boom", get(boom)), &config);
        let res = app.oneshot(axum::http::Request::get("/boom").body(Body::empty()).unwrap()).await.unwrap();
        assert_eq!(res.status(), 500);
        assert_eq!(res.headers()["cache-control"], "no-store");
        assert!(res.headers()["content-security-policy"].to_str().unwrap().contains("'nonce-"));
        let body = axum::body::to_bytes(res.into_body(), 1024).await.unwrap();
        let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(v["error"], "internal");
        assert!(!v["message"].as_str().unwrap().contains("boom"), "the panic's text stays in the log");
    }

    async fn slow() -> &'static str {
        tokio::time::sleep(std::time::Duration::from_secs(600)).await;
        "late"
    }

    /// A handler that takes longer than `REQUEST_TIMEOUT_SECS` is answered 408, with the headers.
    #[tokio::test]
    async fn a_request_past_the_timeout_is_answered_408() {
        let dir = tempfile::tempdir().unwrap();
        let config = crate::server::config::Config::from_lookup(|k| match k {
            "DATA_DIR" => Some(dir.path().to_str().unwrap().to_owned()),
            "REQUEST_TIMEOUT_SECS" => Some("1".into()),
            _ => None,
        })
        .unwrap();
        let app = super::with_shared_layers(axum::Router::new().route("/slow", get(slow)), &config);
        // The handler would take ten minutes: a 408 is the timeout's, whatever the machine's speed.
        let res = app.oneshot(axum::http::Request::get("/slow").body(Body::empty()).unwrap()).await.unwrap();
        assert_eq!(res.status(), 408);
        assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    }

    #[test]
    fn only_local_paths_are_followed() {
        for ok in ["/", "/claims/abc?x=1"] {
            assert!(super::is_local_path(ok), "{ok}");
        }
        for bad in ["//evil.example", "https://evil.example", "/\\evil", "evil", "/a\nb"] {
            assert!(!super::is_local_path(bad), "{bad}");
        }
    }
}

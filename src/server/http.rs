//! The HTTP server: routes, middleware and the serve loop.

use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::{FromRef, Path, Query, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};

use super::assets;
use super::auth::Sessions;
use super::clock::Clock;
use super::config::Config;
use super::sign_in::{sign_in, sign_out};
use super::store::Store;
use crate::app::{shell, App};
use crate::domain::Language;
use crate::error::{AppError, PortalCode};

#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub store: Store,
    pub sessions: Sessions,
    pub config: Arc<Config>,
    /// The one clock: the system's in production, a fixed one in tests.
    pub clock: Clock,
}

impl AppState {
    pub fn new(leptos_options: LeptosOptions, store: Store, config: Config, clock: Clock) -> Self {
        let store = store.with_clock(clock.clone());
        let sessions = Sessions::new(store.clone(), config.secret_key.clone());
        Self { leptos_options, store, sessions, config: Arc::new(config), clock }
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(s: &AppState) -> Self {
        s.leptos_options.clone()
    }
}

/// The whole application; `serve` and the integration tests build it the same way.
pub fn router(state: AppState) -> Router {
    let options = state.leptos_options.clone();
    let pkg_dir = PathBuf::from(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref());
    let routes = generate_route_list(App);
    let (store, sessions, clock) = (state.store.clone(), state.sessions.clone(), state.clock.clone());
    let body_limit = state.config.body_limit;
    let routes = Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/language/{code}", get(set_language))
        .route("/sign-in", post(sign_in))
        .route("/sign-out", post(sign_out))
        .leptos_routes_with_context(
            &state,
            routes,
            move || {
                provide_context(store.clone());
                provide_context(sessions.clone());
                provide_context(clock.clone());
            },
            {
                let options = options.clone();
                move || shell(options.clone())
            },
        )
        .nest_service("/pkg", assets::pkg_service(&pkg_dir))
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .with_state(state);
    with_shared_layers(routes, body_limit)
}

/// What every route gets, new ones included: no caching of personal pages, compression, the body
/// limit, one log line per request, and a panic turned into a logged 500 instead of a dropped
/// connection.
pub fn with_shared_layers(routes: Router, body_limit: usize) -> Router {
    // The span names the path only: a query string can carry things that are nobody's business.
    let trace = TraceLayer::new_for_http()
        .make_span_with(
            |req: &Request| tracing::info_span!("request", method = %req.method(), path = %req.uri().path()),
        )
        .on_response(DefaultOnResponse::new().level(tracing::Level::INFO));
    routes
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(middleware::from_fn(no_store_by_default))
        .layer(CompressionLayer::new())
        .layer(RequestBodyLimitLayer::new(body_limit))
        .layer(trace)
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

/// Ready: the database answers too; load balancers stop sending traffic on 503.
async fn readyz(State(state): State<AppState>) -> Response {
    match state.store.ping().await {
        Ok(()) => "ready".into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "readiness check failed");
            AppError::unavailable().into_response()
        }
    }
}

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
    let cookie = cookie::Cookie::build(("i18n_pref_locale", language.as_str()))
        .path("/")
        .max_age(cookie::time::Duration::days(365))
        .same_site(cookie::SameSite::Lax)
        .build()
        .to_string();
    let mut res = StatusCode::SEE_OTHER.into_response();
    let headers = res.headers_mut();
    if let (Ok(loc), Ok(c)) = (HeaderValue::from_str(&next), HeaderValue::from_str(&cookie)) {
        headers.insert(header::LOCATION, loc);
        headers.insert(header::SET_COOKIE, c);
    }
    res
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
        let app = super::with_shared_layers(axum::Router::new().route("/boom", get(boom)), 1024);
        let res = app.oneshot(axum::http::Request::get("/boom").body(Body::empty()).unwrap()).await.unwrap();
        assert_eq!(res.status(), 500);
        assert_eq!(res.headers()["cache-control"], "no-store");
        let body = axum::body::to_bytes(res.into_body(), 1024).await.unwrap();
        let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(v["error"], "internal");
        assert!(!v["message"].as_str().unwrap().contains("boom"), "the panic's text stays in the log");
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

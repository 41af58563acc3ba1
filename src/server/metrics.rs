//! What operators watch, in Prometheus's text format on a listen address of its own
//! (`METRICS_ADDR`, off by default, never the public one): requests and their latency per route,
//! the database pool, the sign-in hashing slots, the daily job's runs. Recorded with the `metrics`
//! crate; without `METRICS_ADDR` no recorder is installed and recording does nothing.

use std::net::SocketAddr;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

use super::http::AppState;

pub const REQUESTS: &str = "http_requests_total";
pub const REQUEST_SECONDS: &str = "http_request_duration_seconds";
pub const POOL_CONNECTIONS: &str = "db_pool_connections";
pub const POOL_IDLE: &str = "db_pool_idle_connections";
pub const POOL_MAX: &str = "db_pool_max_connections";
pub const HASHING_SLOTS_BUSY: &str = "sign_in_hashing_slots_busy";
pub const DAILY_JOB_RUNS: &str = "daily_job_runs_total";

/// Latency buckets in seconds: a page is answered in milliseconds, an upload may take minutes.
const BUCKETS: &[f64] = &[0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0, 60.0];

/// Installs the process's recorder; once per process.
pub fn install() -> Result<PrometheusHandle, String> {
    PrometheusBuilder::new()
        .set_buckets_for_metric(Matcher::Full(REQUEST_SECONDS.to_owned()), BUCKETS)
        .and_then(|b| b.install_recorder())
        .map_err(|e| format!("cannot set up the metrics: {e}"))
}

/// Counts every request and times it, by its route's pattern (`/claims/{id}`, never the id: a
/// label per claim would be a series per claim) and status.
pub async fn record(req: Request, next: Next) -> Response {
    let route = req.extensions().get::<MatchedPath>().map_or("unmatched", |p| p.as_str()).to_owned();
    let method = method_label(req.method());
    let started = Instant::now();
    let res = next.run(req).await;
    let status = res.status().as_u16().to_string();
    metrics::histogram!(REQUEST_SECONDS, "method" => method, "route" => route.clone())
        .record(started.elapsed().as_secs_f64());
    metrics::counter!(REQUESTS, "method" => method, "route" => route, "status" => status).increment(1);
    res
}

/// The method as a label: a client may send any word as a method, and each would be a series kept
/// for the life of the process.
fn method_label(method: &axum::http::Method) -> &'static str {
    use axum::http::Method as M;
    match *method {
        M::GET => "GET",
        M::HEAD => "HEAD",
        M::POST => "POST",
        M::PUT => "PUT",
        M::PATCH => "PATCH",
        M::DELETE => "DELETE",
        M::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// The metrics address, bound before the portal starts: a `METRICS_ADDR` that cannot be had
/// stops `serve` as a `LISTEN_ADDR` would.
pub async fn bind(addr: SocketAddr) -> Result<tokio::net::TcpListener, String> {
    tokio::net::TcpListener::bind(addr).await.map_err(|e| format!("cannot listen on METRICS_ADDR {addr}: {e}"))
}

/// Serves `GET /metrics` on `listener` until the process ends; the gauges are read at each scrape.
pub async fn serve(listener: tokio::net::TcpListener, handle: PrometheusHandle, state: AppState) {
    let app = Router::new().route("/metrics", get(scrape)).with_state((handle, state));
    if let Err(e) = axum::serve(listener, app).await {
        tracing::error!(error = %e, "the metrics listener stopped");
    }
}

async fn scrape(State((handle, state)): State<(PrometheusHandle, AppState)>) -> String {
    let pool = state.store.pool();
    metrics::gauge!(POOL_CONNECTIONS).set(f64::from(pool.size()));
    metrics::gauge!(POOL_IDLE).set(pool.num_idle() as f64);
    metrics::gauge!(POOL_MAX).set(f64::from(pool.options().get_max_connections()));
    metrics::gauge!(HASHING_SLOTS_BUSY).set(state.sign_in_permits.busy() as f64);
    handle.render()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_made_up_method_is_one_label() {
        let made_up = axum::http::Method::from_bytes(b"ZZMETH1").unwrap();
        assert_eq!(super::method_label(&made_up), "other");
        assert_eq!(super::method_label(&axum::http::Method::POST), "POST");
    }
}

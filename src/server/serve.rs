//! The accept loop. axum's own `serve` cannot bound how long a client may take to send its headers, so
//! connections are served by hyper directly with a header-read timeout (a slow-loris defence); the
//! request timeout and the concurrency limit are tower layers (`http::with_shared_layers`). Here too:
//! a cap on the connections one address may hold open (proxies we trust are exempt: every client
//! comes through them), and HTTP/2 without TLS (h2c) only when configured, with a cap on its
//! streams per connection, since the header timeout covers HTTP/1 only.

use std::collections::HashMap;
use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::ConnectInfo;
use axum::http::Request;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tower::ServiceExt;

use super::client_address::{throttle_key, Cidr};

/// How connections are accepted.
#[derive(Debug, Clone)]
pub struct ConnectionLimits {
    pub header_read_timeout: Duration,
    /// Connections one address may hold open at once; more are closed at once.
    pub per_client: usize,
    /// Addresses exempt from `per_client` (`TRUSTED_PROXIES`).
    pub exempt: Vec<Cidr>,
    /// HTTP/2 without TLS (`HTTP2_CLEARTEXT=1`): off unless a proxy in front speaks it.
    pub h2c: bool,
    /// Streams one HTTP/2 connection may have open at once.
    pub h2_streams: u32,
}

/// Connections per client when nothing else is configured (`CONNECTIONS_PER_CLIENT`).
pub const CONNECTIONS_PER_CLIENT: usize = 64;
/// HTTP/2 streams per connection.
pub const H2_STREAMS: u32 = 32;

impl ConnectionLimits {
    /// What the configuration says (`serve` and the tests' servers alike).
    pub fn of(config: &super::config::Config) -> Self {
        Self {
            header_read_timeout: Duration::from_secs(config.request_timeout_secs),
            per_client: config.connections_per_client,
            exempt: config.trusted_proxies.clone(),
            h2c: config.http2_cleartext,
            h2_streams: H2_STREAMS,
        }
    }

    pub fn new(header_read_timeout: Duration) -> Self {
        Self {
            header_read_timeout,
            per_client: CONNECTIONS_PER_CLIENT,
            exempt: Vec::new(),
            h2c: false,
            h2_streams: H2_STREAMS,
        }
    }
}

/// Open connections per client, counted as the sign-in throttle counts clients (an IPv4 address,
/// an IPv6 /64: one phone or household holds a whole /64); a slot is given back when its guard is
/// dropped.
#[derive(Clone, Default)]
struct OpenConnections(Arc<Mutex<HashMap<String, usize>>>);

struct Slot {
    open: OpenConnections,
    client: String,
}

impl OpenConnections {
    fn take(&self, ip: IpAddr, max: usize) -> Option<Slot> {
        let client = throttle_key(ip);
        let mut map = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let n = map.entry(client.clone()).or_insert(0);
        if *n >= max {
            return None;
        }
        *n += 1;
        Some(Slot { open: self.clone(), client })
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut map = self.open.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(n) = map.get_mut(&self.client) {
            *n -= 1;
            if *n == 0 {
                map.remove(&self.client);
            }
        }
    }
}

/// Serves `app` until `shutdown` completes, with the default limits and `header_read_timeout`.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    header_read_timeout: Duration,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    serve_with(listener, app, ConnectionLimits::new(header_read_timeout), shutdown).await
}

/// Serves `app` until `shutdown` completes; requests in flight then get `drain` to finish.
pub async fn serve_with(
    listener: TcpListener,
    app: Router,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder.http1().timer(TokioTimer::new()).header_read_timeout(limits.header_read_timeout);
    builder.http2().timer(TokioTimer::new()).max_concurrent_streams(limits.h2_streams);
    let builder = if limits.h2c { builder } else { builder.http1_only() };
    let open = OpenConnections::default();
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(conn) => conn,
                Err(e) => {
                    // Out of file descriptors, say: wait a moment instead of spinning.
                    tracing::warn!(error = %e, "could not accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let ip = peer.ip();
        let slot = if limits.exempt.iter().any(|c| c.contains(ip)) {
            None
        } else {
            match open.take(ip, limits.per_client) {
                Some(slot) => Some(slot),
                None => {
                    tracing::warn!(client = %ip, "a client's connections are over the limit; closed");
                    drop(stream);
                    continue;
                }
            }
        };
        let svc = app.clone().map_request(move |mut req: Request<Incoming>| {
            req.extensions_mut().insert(ConnectInfo::<SocketAddr>(peer));
            req
        });
        // Without upgrades, so that `http1_only` holds (no route of ours upgrades a connection).
        let conn = builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(svc));
        let conn = graceful.watch(conn.into_owned());
        tokio::spawn(async move {
            let _slot = slot;
            if let Err(e) = conn.await {
                tracing::debug!(error = %e, "connection closed with an error");
            }
        });
    }
    drop(listener);
    if tokio::time::timeout(Duration::from_secs(30), graceful.shutdown()).await.is_err() {
        tracing::warn!("requests still running 30 s after shutdown began were cut off");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use axum::routing::get;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    async fn serve_hello(header_timeout: Duration) -> std::net::SocketAddr {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = axum::Router::new().route("/", get(|| async { "hello" }));
        tokio::spawn(super::serve(listener, app, header_timeout, std::future::pending()));
        addr
    }

    /// A slow-loris client that never finishes its headers is cut off; a normal one is served.
    #[tokio::test]
    async fn a_client_that_never_finishes_its_headers_is_cut_off() {
        let addr = serve_hello(Duration::from_millis(300)).await;
        let mut ok = tokio::net::TcpStream::connect(addr).await.unwrap();
        ok.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").await.unwrap();
        let mut answer = String::new();
        ok.read_to_string(&mut answer).await.unwrap();
        assert!(answer.starts_with("HTTP/1.1 200") && answer.ends_with("hello"), "{answer}");

        let mut slow = tokio::net::TcpStream::connect(addr).await.unwrap();
        slow.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n").await.unwrap();
        // Closed by the 300 ms header timeout; the generous deadline only keeps a broken build from
        // hanging the suite, and a slow machine cannot reach it.
        let mut rest = Vec::new();
        let read = tokio::time::timeout(Duration::from_secs(120), slow.read_to_end(&mut rest)).await;
        assert!(read.is_ok(), "the connection was still open after 120 s");
        assert!(!String::from_utf8_lossy(&rest).contains("hello"));
    }
}

//! What operators see. Every answer carries a request id of ours (`X-Request-Id`), and the log
//! lines the request caused carry the same id: in JSON with `LOG_FORMAT=json`, read from the real
//! server's standard error. Prometheus metrics on `METRICS_ADDR`, scraped from the real server,
//! and never on the public address. A node asked to stop says so on `/readyz` while it still
//! serves, then exits cleanly.
#![cfg(feature = "ssr")]

#[path = "support/app.rs"]
mod app;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use app::db::TestDb;

const BIN: &str = env!("CARGO_BIN_EXE_debtor-portal");

fn id_of(r: &reqwest::Response) -> String {
    r.headers()["x-request-id"].to_str().unwrap().to_owned()
}

async fn every_answer_has_an_id_of_ours(db: TestDb) {
    let app = app::spawn_app(db).await;
    let a = app.get("/healthz").await;
    let b = app.get("/no-such-page").await;
    let (a, b) = (id_of(&a), id_of(&b));
    for id in [&a, &b] {
        assert!(id.len() == 32 && id.bytes().all(|c| c.is_ascii_hexdigit()), "{id}");
    }
    assert_ne!(a, b);
    // A client's own id could be anything (a log line's worth of lies): it is replaced.
    let r = app.client.get(format!("{}/healthz", app.base)).header("x-request-id", "forged\tid").send().await.unwrap();
    assert_ne!(id_of(&r), "forged\tid");
    assert_eq!(id_of(&r).len(), 32);
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `debtor-portal serve` on a fresh SQLite database in `dir`, with `vars`; its standard error
/// line by line, and its address once `/healthz` answers.
async fn serve(
    dir: &std::path::Path,
    vars: &[(&str, String)],
) -> (Server, std::sync::mpsc::Receiver<String>, String, Instant) {
    std::fs::create_dir_all(dir.join("site/pkg")).unwrap();
    let port = free_port();
    let mut child = Command::new(BIN)
        .arg("serve")
        .current_dir(dir)
        .env("DATA_DIR", dir.join("data"))
        .env("LISTEN_ADDR", format!("127.0.0.1:{port}"))
        .env("LEPTOS_SITE_ROOT", dir.join("site"))
        .env("LEPTOS_OUTPUT_NAME", "debtor-portal")
        .env("RUST_LOG", "info,sqlx=warn")
        .envs(vars.iter().map(|(k, v)| (*k, v.as_str())))
        .env_remove("DATABASE_URL")
        .env_remove("PUBLIC_URL")
        .env_remove("FIXED_CLOCK")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let server = Server(child);
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let base = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        match reqwest::get(format!("{base}/healthz")).await {
            Ok(r) if r.status() == 200 => break,
            _ if Instant::now() < deadline => tokio::time::sleep(Duration::from_millis(50)).await,
            _ => panic!("the server did not start"),
        }
    }
    (server, rx, base, deadline)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// `serve` with JSON logs: the line the trace layer writes for a request names its id.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_log_lines_carry_the_request_id() {
    let dir = tempfile::tempdir().unwrap();
    let (_server, rx, base, deadline) = serve(dir.path(), &[("LOG_FORMAT", "json".to_owned())]).await;
    let id = id_of(&reqwest::get(format!("{base}/healthz")).await.unwrap());
    let mut seen = Vec::new();
    let line = loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let line = rx.recv_timeout(left).unwrap_or_else(|_| panic!("no log line with {id}; saw:\n{}", seen.join("\n")));
        if line.contains(&id) {
            break line;
        }
        seen.push(line);
    };
    let json: serde_json::Value = serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line}"));
    assert_eq!(json["span"]["request_id"], id.as_str(), "{json}");
    assert_eq!(json["span"]["path"], "/healthz", "{json}");
    assert!(seen.iter().all(|l| serde_json::from_str::<serde_json::Value>(l).is_ok()), "every line JSON: {seen:?}");
}

/// Requests counted by route pattern and status, the pool and the hashing slots, on the metrics
/// address only.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prometheus_scrapes_the_metrics_address_only() {
    let dir = tempfile::tempdir().unwrap();
    let metrics = format!("127.0.0.1:{}", free_port());
    let (_server, _log, base, _) = serve(dir.path(), &[("METRICS_ADDR", metrics.clone())]).await;
    for path in ["/healthz", "/healthz", "/claims/no-such-claim"] {
        reqwest::get(format!("{base}{path}")).await.unwrap();
    }
    assert_eq!(reqwest::get(format!("{base}/metrics")).await.unwrap().status(), 404, "not on the public address");
    let text = reqwest::get(format!("http://{metrics}/metrics")).await.unwrap().text().await.unwrap();
    let value = |series: &str| -> f64 {
        let line = text.lines().find(|l| l.starts_with(series)).unwrap_or_else(|| panic!("no {series} in:\n{text}"));
        line.rsplit(' ').next().unwrap().parse().unwrap()
    };
    // The wait for the server counted one more /healthz at least.
    assert!(value(r#"http_requests_total{method="GET",route="/healthz",status="200"}"#) >= 3.0, "{text}");
    assert_eq!(value(r#"http_requests_total{method="GET",route="/claims/{id}",status="401"}"#), 1.0, "{text}");
    assert!(text.contains(r#"http_request_duration_seconds_bucket{method="GET",route="/healthz",le="0.001"}"#));
    assert_eq!(value("db_pool_max_connections"), 4.0, "SQLite's pool");
    assert_eq!(value("sign_in_hashing_slots_busy"), 0.0);
    assert!(value("db_pool_connections") >= 1.0);
}

/// SIGTERM: `/readyz` turns 503 at once while pages are still served, and the process exits 0
/// when the drain is over.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stopping_node_is_not_ready_but_still_serves_then_exits() {
    let dir = tempfile::tempdir().unwrap();
    // Long enough that no machine misses the window; the test waits for events, not for it.
    let (mut server, _log, base, deadline) = serve(dir.path(), &[("DRAIN_SECS", "20".to_owned())]).await;
    assert_eq!(reqwest::get(format!("{base}/readyz")).await.unwrap().status(), 200);
    let killed = Command::new("kill").args(["-TERM", &server.0.id().to_string()]).status().unwrap();
    assert!(killed.success());
    loop {
        let r = reqwest::get(format!("{base}/readyz")).await.unwrap();
        if r.status() == 503 {
            assert_eq!(r.text().await.unwrap(), "draining\n");
            break;
        }
        assert!(Instant::now() < deadline, "/readyz never said 503");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(reqwest::get(format!("{base}/healthz")).await.unwrap().status(), 200, "still serving");
    assert_eq!(reqwest::get(format!("{base}/")).await.unwrap().status(), 200, "pages too");
    // A second signal ends the drain; the node exits by itself, cleanly.
    Command::new("kill").args(["-TERM", &server.0.id().to_string()]).status().unwrap();
    let exit = loop {
        if let Some(status) = server.0.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline + Duration::from_secs(60), "the node did not exit");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(exit.success(), "{exit:?}");
}

on_one_backend!(crate::app::db; every_answer_has_an_id_of_ours);

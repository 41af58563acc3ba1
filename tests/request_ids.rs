//! Every answer carries a request id of ours (`X-Request-Id`), and the log lines the request caused
//! carry the same id: in JSON with `LOG_FORMAT=json`, read from the real server's standard error.
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

/// `serve` with JSON logs: the line the trace layer writes for a request names its id.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_log_lines_carry_the_request_id() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("site/pkg")).unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut child = Command::new(BIN)
        .arg("serve")
        .current_dir(dir.path())
        .env("DATA_DIR", dir.path().join("data"))
        .env("LISTEN_ADDR", format!("127.0.0.1:{port}"))
        .env("LEPTOS_SITE_ROOT", dir.path().join("site"))
        .env("LEPTOS_OUTPUT_NAME", "debtor-portal")
        .env("LOG_FORMAT", "json")
        .env("RUST_LOG", "info,sqlx=warn")
        .env_remove("DATABASE_URL")
        .env_remove("PUBLIC_URL")
        .env_remove("FIXED_CLOCK")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let _server = Server(child);
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
    let id = loop {
        match reqwest::get(format!("{base}/healthz")).await {
            Ok(r) if r.status() == 200 => break id_of(&r),
            _ if Instant::now() < deadline => tokio::time::sleep(Duration::from_millis(50)).await,
            _ => panic!("the server did not start"),
        }
    };
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

on_one_backend!(crate::app::db; every_answer_has_an_id_of_ours);

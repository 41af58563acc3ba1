//! A server killed (SIGKILL) in the middle of a submission with files leaves nothing partial: the
//! dispute, its files and the claim's new status are one transaction. Runs the real binary on each
//! backend, kills it while the files are still arriving and at several moments after they have
//! all arrived (while they are sealed and stored), and checks that each claim has either the whole
//! dispute with every file intact or nothing at all.
#![cfg(all(feature = "ssr", unix))]

#[path = "support/db.rs"]
mod db;
#[path = "support/files.rs"]
mod files;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use debtor_portal::domain::ids::ClaimId;
use debtor_portal::domain::ClaimStatus;
use debtor_portal::server::document_vault::{DocumentKey, Vault};
use debtor_portal::server::store::{DisputeState, Store};

const BIN: &str = env!("CARGO_BIN_EXE_debtor-portal");
const KEY: &str = "3b7e0c5a9f1d2e4b6a8c0e2f4a6b8d0c1e3f5a7b9c1d3e5f7a9b1c3d5e7f9a1b";
const BOUNDARY: &str = "----crash-test-boundary-7f3a";

struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn command(url: &str, dir: &Path) -> Command {
    let mut c = Command::new(BIN);
    c.current_dir(dir)
        .env("DATABASE_URL", url)
        .env("DATA_DIR", dir.join("data"))
        .env("SECRET_KEY", KEY)
        .env("DOCUMENT_KEYS", format!("crash:{KEY}"))
        .env("LEPTOS_SITE_ROOT", dir.join("site"))
        .env("LEPTOS_OUTPUT_NAME", "debtor-portal")
        .env("RUST_LOG", "warn")
        .env_remove("PUBLIC_URL")
        .env_remove("FIXED_CLOCK")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

async fn start(url: &str, dir: &Path) -> Server {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let child = command(url, dir).arg("serve").env("LISTEN_ADDR", format!("127.0.0.1:{port}")).spawn().unwrap();
    // Owned by the guard at once, so the process is killed and reaped whatever happens next.
    let server = Server { child, base: format!("http://127.0.0.1:{port}") };
    for _ in 0..200 {
        if reqwest::get(format!("{}/healthz", server.base)).await.is_ok_and(|r| r.status() == 200) {
            return server;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the server did not start");
}

async fn sign_in(base: &str, case: &str, code: &str) -> String {
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let r = client
        .post(format!("{base}/sign-in"))
        .form(&[("case_number", case), ("access_code", code)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["location"], "/claims", "sign-in with {case}");
    r.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned()
}

/// Five files of 2 MB each: enough that sealing and storing them takes a while.
fn file_content(i: u8) -> Vec<u8> {
    let mut v = files::pdf();
    v.extend((0..2 * 1024 * 1024).map(|n: u32| (n as u8).wrapping_mul(31).wrapping_add(i)));
    v
}

fn multipart_body() -> Vec<u8> {
    let mut body = Vec::new();
    let mut text = |name: &str, value: &str| {
        body.extend_from_slice(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes(),
        );
    };
    text("reason", "already_paid");
    text("explanation", "Paid in October; receipts attached.");
    for i in 0..5u8 {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"kvitto-{i}.pdf\"\r\n\
                 Content-Type: application/pdf\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(&file_content(i));
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

/// Sends the form in chunks through a channel and returns once `upto` bytes have been taken by the
/// connection; the request itself goes on (or dies with the server) in the background.
async fn send_partly(base: &str, claim_id: &ClaimId, cookie: &str, upto: usize) {
    let body = multipart_body();
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Vec<u8>, std::io::Error>>(1);
    let stream = futures_stream(rx);
    let client = reqwest::Client::new();
    let req = client
        .post(format!("{base}/claims/{claim_id}/dispute"))
        .header("cookie", cookie)
        .header("content-type", format!("multipart/form-data; boundary={BOUNDARY}"))
        .body(reqwest::Body::wrap_stream(stream));
    tokio::spawn(async move {
        let _ = req.send().await;
    });
    for chunk in body[..upto.min(body.len())].chunks(64 * 1024) {
        if tx.send(Ok(chunk.to_vec())).await.is_err() {
            return;
        }
    }
    if upto < body.len() {
        // Keep the request open, as a phone whose upload stalls would.
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_secs(30)).await;
            drop(tx);
        });
    }
}

fn futures_stream(
    mut rx: tokio::sync::mpsc::Receiver<Result<Vec<u8>, std::io::Error>>,
) -> impl futures_util::Stream<Item = Result<Vec<u8>, std::io::Error>> {
    futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx))
}

/// Polls until the claim's dispute is in the store (the submission is one transaction, so it is
/// then whole), up to a deadline meant never to be reached.
async fn stored_within(store: &Store, case: &str, deadline: Duration) -> bool {
    let store = &keyed(store);
    let until = std::time::Instant::now() + deadline;
    while std::time::Instant::now() < until {
        let rec = store.claim_by_case_number(case).await.unwrap().unwrap();
        if store.dispute_of_claim(&rec.id).await.unwrap().is_some() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    false
}

/// Either the whole dispute (every file opening to exactly what was sent) or nothing.
/// The test's store with the server's document key: what the debtor wrote is sealed with it.
fn keyed(store: &Store) -> Store {
    store.clone().with_vault(Vault::new(&[DocumentKey::parse(&format!("crash:{KEY}")).unwrap()]))
}

async fn whole_or_nothing(store: &Store, case: &str) -> bool {
    let store = &keyed(store);
    let rec = store.claim_by_case_number(case).await.unwrap().unwrap();
    let dispute = store.dispute_of_claim(&rec.id).await.unwrap();
    let docs: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM documents WHERE claim_id = $1")
        .bind(&rec.id)
        .fetch_one(store.pool())
        .await
        .unwrap();
    let Some(d) = dispute else {
        assert_eq!(rec.status, ClaimStatus::DemandSent, "{case}: no dispute, so the claim is unchanged");
        assert_eq!(docs.0, 0, "{case}: no orphan documents");
        return false;
    };
    assert_eq!((rec.status, d.state, d.entries.len()), (ClaimStatus::Disputed, DisputeState::Open, 1), "{case}");
    assert_eq!(docs.0, 5, "{case}: every file");
    let vault = Vault::new(&[DocumentKey::parse(&format!("crash:{KEY}")).unwrap()]);
    for (i, info) in d.entries[0].documents.iter().enumerate() {
        let stored = store.document(&info.id).await.unwrap().unwrap();
        let content = vault.open(info.id.as_str(), &stored.sealed).unwrap();
        assert_eq!(content, file_content(i as u8), "{case}: file {i} intact");
    }
    true
}

async fn a_killed_server_leaves_no_partial_submission(db: db::TestDb) {
    let dir = tempfile::tempdir().unwrap();
    let seeded = command(&db.url, dir.path()).arg("seed-demo").status().unwrap();
    assert!(seeded.success());
    let anna = ("40010001", "K7QM-4TXP");
    let claim_of = |case: &'static str| {
        let store = db.store.clone();
        async move { store.claim_by_case_number(case).await.unwrap().unwrap().id }
    };

    // Killed while the files are still arriving.
    let server = start(&db.url, dir.path()).await;
    let cookie = sign_in(&server.base, anna.0, anna.1).await;
    let total = multipart_body().len();
    send_partly(&server.base, &claim_of(anna.0).await, &cookie, total / 2).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    drop(server);
    assert!(!whole_or_nothing(&db.store, anna.0).await);

    // Killed at moments after the whole form has arrived: while it is read, sealed and stored.
    let claims =
        [("40010001", "K7QM-4TXP"), ("40010009", "L6DW-9KEC"), ("40010002", "R3WZ-8HNC"), ("40010005", "M2HS-7CJW")];
    let mut outcomes = Vec::new();
    for ((case, code), delay) in claims.into_iter().zip([Some(0u64), Some(40), Some(150), None]) {
        let server = start(&db.url, dir.path()).await;
        let cookie = sign_in(&server.base, case, code).await;
        send_partly(&server.base, &claim_of(case).await, &cookie, total).await;
        match delay {
            Some(ms) => tokio::time::sleep(Duration::from_millis(ms)).await,
            // The last one is killed only once its dispute is stored, however slow the machine: a
            // fixed wait made this test fail on a busy machine.
            None => assert!(stored_within(&db.store, case, Duration::from_secs(180)).await, "{case} never stored"),
        }
        drop(server);
        outcomes.push(whole_or_nothing(&db.store, case).await);
    }
    eprintln!("killed 0/40/150 ms after the form arrived, then after it was stored; stored whole: {outcomes:?}");
    // The last one finished before the kill: the check above saw it whole after the kill too.
    assert_eq!(outcomes.last(), Some(&true), "{outcomes:?}");
    // The portal starts again on what was left.
    let server = start(&db.url, dir.path()).await;
    assert_eq!(reqwest::get(format!("{}/readyz", server.base)).await.unwrap().status(), 200);
}

on_both_backends!(crate::db; a_killed_server_leaves_no_partial_submission);

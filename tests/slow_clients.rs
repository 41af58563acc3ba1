//! Slow and greedy clients (security review, F2), against the whole server on loopback: hundreds of
//! connections from many addresses trickling headers or bodies do not stop a debtor from loading
//! the claim page, and each trickle is cut off; one address cannot hold more than its share of
//! connections; HTTP/2 without TLS is answered only when configured. Clients come from many
//! addresses of 127.0.0.0/8 (all loopback on Linux), as many attackers would.
#![cfg(all(feature = "ssr", target_os = "linux"))]

#[path = "support/app.rs"]
mod app;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

const ANNA: (&str, &str) = ("40010001", "K7QM-4TXP");
/// Meant never to be reached: a slow machine may be slow, never red.
const DEADLINE: Duration = Duration::from_secs(120);

async fn connect_from(from: Ipv4Addr, to: &str) -> std::io::Result<TcpStream> {
    let to: SocketAddr = to.trim_start_matches("http://").parse().unwrap();
    let socket = TcpSocket::new_v4()?;
    socket.bind(SocketAddr::new(IpAddr::V4(from), 0))?;
    socket.connect(to).await
}

/// Reads until the server closes the connection (or answers and closes); true when it did.
async fn closed_by_server(mut stream: TcpStream, mut trickle: impl FnMut() -> Option<Vec<u8>>) -> bool {
    let mut buf = [0u8; 4096];
    let until = tokio::time::Instant::now() + DEADLINE;
    loop {
        // One byte a second, as a slow-loris client sends, while listening for the server's answer.
        let wait = tokio::time::timeout(Duration::from_secs(1), stream.read(&mut buf)).await;
        match wait {
            Ok(Ok(0)) | Ok(Err(_)) => return true,
            Ok(Ok(_)) => continue,
            Err(_) => {}
        }
        if tokio::time::Instant::now() > until {
            return false;
        }
        if let Some(bytes) = trickle() {
            if stream.write_all(&bytes).await.is_err() {
                return true;
            }
        }
    }
}

async fn trickling_clients_do_not_stop_a_debtor(db: app::db::TestDb) {
    // Shorter limits than production's, so the trickles are cut within the test's time; the same
    // code cuts them in production after 30 s (headers) or 10 s without a kilobyte (bodies).
    let app = app::spawn_seeded_with(db, &[("REQUEST_TIMEOUT_SECS", "5"), ("CONCURRENCY_LIMIT", "64")]).await;
    let base = app.base.clone();
    let mut tricklers = Vec::new();
    for i in 0..240u32 {
        let from = Ipv4Addr::new(127, 0, (2 + i / 200) as u8, (2 + i % 200) as u8);
        let base = base.clone();
        tricklers.push(tokio::spawn(async move {
            let Ok(mut s) = connect_from(from, &base).await else { return true };
            if i % 2 == 0 {
                // Headers that never end.
                let _ = s.write_all(b"GET /claims HTTP/1.1\r\nHost: x\r\n").await;
                closed_by_server(s, || Some(b"X".to_vec())).await
            } else {
                // A body that says 100 kB and comes a few bytes a second, to a server function.
                let head =
                    "POST /api/my_claims HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n\
                            Content-Length: 100000\r\n\r\n";
                let _ = s.write_all(head.as_bytes()).await;
                closed_by_server(s, || Some(b"a=bbbbbbbb".to_vec())).await
            }
        }));
    }
    // While they trickle, Anna signs in and opens her claim.
    let debtor = async {
        let cookie = app.session(ANNA.0, ANNA.1).await;
        let id = app.claim_id(ANNA.0).await;
        let page = app.get_with_cookie(&format!("/claims/{id}"), &cookie).await;
        (page.status(), page.text().await.unwrap())
    };
    let (status, page) = tokio::time::timeout(DEADLINE, debtor).await.expect("the debtor was served");
    assert_eq!(status, 200);
    assert!(page.contains(ANNA.0), "her claim page");
    let mut cut = 0;
    for t in tricklers {
        cut += usize::from(t.await.unwrap());
    }
    assert_eq!(cut, 240, "every trickling connection was closed by the server");
}

async fn one_address_holds_only_its_share_of_connections(db: app::db::TestDb) {
    let app = app::spawn_seeded_with(db, &[("CONNECTIONS_PER_CLIENT", "4")]).await;
    let from = Ipv4Addr::new(127, 0, 9, 9);
    let mut held = Vec::new();
    for _ in 0..4 {
        let mut s = connect_from(from, &app.base).await.unwrap();
        s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").await.unwrap();
        let mut buf = [0u8; 512];
        let n = tokio::time::timeout(DEADLINE, s.read(&mut buf)).await.unwrap().unwrap();
        assert!(buf[..n].starts_with(b"HTTP/1.1 200"), "{}", String::from_utf8_lossy(&buf[..n]));
        held.push(s);
    }
    // The fifth is closed at once, unanswered.
    let mut fifth = connect_from(from, &app.base).await.unwrap();
    let _ = fifth.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").await;
    let mut buf = [0u8; 512];
    let n = tokio::time::timeout(DEADLINE, fifth.read(&mut buf)).await.unwrap().unwrap_or(0);
    assert_eq!(n, 0, "{}", String::from_utf8_lossy(&buf[..n]));
    // Another address is served, and so is this one once it lets a connection go.
    let mut other = connect_from(Ipv4Addr::new(127, 0, 9, 10), &app.base).await.unwrap();
    other.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").await.unwrap();
    let mut answer = Vec::new();
    tokio::time::timeout(DEADLINE, other.read_to_end(&mut answer)).await.unwrap().unwrap();
    assert!(answer.starts_with(b"HTTP/1.1 200"));
    drop(held.pop());
    let until = tokio::time::Instant::now() + DEADLINE;
    loop {
        let mut again = connect_from(from, &app.base).await.unwrap();
        let _ = again.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").await;
        let mut answer = Vec::new();
        let _ = tokio::time::timeout(DEADLINE, again.read_to_end(&mut answer)).await;
        if answer.starts_with(b"HTTP/1.1 200") {
            break;
        }
        assert!(tokio::time::Instant::now() < until, "the slot given back was never taken");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// HTTP/2's connection preface, then an empty SETTINGS frame.
const H2_PREFACE: &[u8] = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\x00\x00\x00\x04\x00\x00\x00\x00\x00";

async fn first_bytes_of_an_h2_answer(base: &str) -> Vec<u8> {
    let mut s = connect_from(Ipv4Addr::new(127, 0, 0, 1), base).await.unwrap();
    s.write_all(H2_PREFACE).await.unwrap();
    let mut buf = vec![0u8; 64];
    let n = tokio::time::timeout(DEADLINE, s.read(&mut buf)).await.unwrap().unwrap_or(0);
    buf.truncate(n);
    buf
}

async fn http2_without_tls_only_when_configured(db: app::db::TestDb) {
    let off = app::spawn_seeded(db).await;
    let answer = first_bytes_of_an_h2_answer(&off.base).await;
    // Not a SETTINGS frame (type 4 in the fourth byte): an HTTP/1 refusal, or nothing at all.
    assert!(answer.len() < 4 || answer[3] != 0x04 || answer.starts_with(b"HTTP/1.1"), "{answer:?}");
    let on = app::spawn_seeded_with(app::db::sqlite().await, &[("HTTP2_CLEARTEXT", "1")]).await;
    let answer = first_bytes_of_an_h2_answer(&on.base).await;
    assert!(answer.len() >= 9 && answer[3] == 0x04, "the server's SETTINGS frame: {answer:?}");
}

on_both_backends!(
    crate::app::db;
    trickling_clients_do_not_stop_a_debtor,
    one_address_holds_only_its_share_of_connections,
    http2_without_tls_only_when_configured,
);

//! The database out of reach: pages, the API and `/readyz` answer 503 with `Retry-After` (the
//! client may try again), never a 500 that says something broke, and nothing is half-done. On
//! SQLite and PostgreSQL with the pool closed under the running server; and on PostgreSQL with the
//! network to it cut (every connection dropped, new ones refused) and mended, where the node
//! answers 503 within the pool's acquire timeout instead of waiting out the request timeout, and
//! recovers by itself.
#![cfg(feature = "ssr")]

#[path = "support/app.rs"]
mod app;

use app::db::TestDb;

async fn a_database_out_of_reach_is_503_with_retry_after(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let cookie = app.session("40010001", "K7QM-4TXP").await;
    let id = app.claim_id("40010001").await;
    assert_eq!(app.get("/readyz").await.status(), 200);

    app.state.store.close().await;
    for path in ["/readyz".to_owned(), "/claims".to_owned(), format!("/claims/{id}")] {
        let r = app.get_with_cookie(&path, &cookie).await;
        assert_eq!(r.status(), 503, "{path}");
        assert!(r.headers().contains_key("retry-after"), "{path}: {:?}", r.headers());
    }
    let r = app.client.get(format!("{}/api/v1/claims", app.base)).bearer_auth("dp_nokey").send().await.unwrap();
    assert_eq!(r.status(), 503);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["error"], "unavailable", "{body}");
}

/// A TCP relay to PostgreSQL that the test can cut and mend: what a restart or a network fault
/// does to the node's connections, with the real server behind it.
struct Relay {
    addr: std::net::SocketAddr,
    target: String,
    tasks: std::sync::Arc<std::sync::Mutex<Vec<tokio::task::JoinHandle<()>>>>,
}

impl Relay {
    async fn start(target: &str) -> Relay {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let relay =
            Relay { addr: listener.local_addr().unwrap(), target: target.to_owned(), tasks: Default::default() };
        relay.serve(listener);
        relay
    }

    fn serve(&self, listener: tokio::net::TcpListener) {
        let (target, tasks) = (self.target.clone(), self.tasks.clone());
        let accept = tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                let target = target.clone();
                let pipe = tokio::spawn(async move {
                    if let Ok(mut outbound) = tokio::net::TcpStream::connect(target).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
                tasks.lock().unwrap().push(pipe);
            }
        });
        self.tasks.lock().unwrap().push(accept);
    }

    /// Every connection dropped and no new one accepted.
    fn cut(&self) {
        for task in self.tasks.lock().unwrap().drain(..) {
            task.abort();
        }
    }

    async fn mend(&self) {
        self.serve(tokio::net::TcpListener::bind(self.addr).await.unwrap());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_cut_off_is_503_at_once_and_the_node_recovers_by_itself() {
    let db = app::db::postgres().await;
    let (host_port, name) = db.url.rsplit_once('@').unwrap().1.split_once('/').unwrap();
    let relay = Relay::start(host_port).await;
    let via_relay = format!("{}@{}/{name}", db.url.rsplit_once('@').unwrap().0, relay.addr);
    let app = app::spawn_seeded(app::db::existing(&via_relay).await).await;
    let cookie = app.session("40010001", "K7QM-4TXP").await;
    let id = app.claim_id("40010001").await;
    let page = format!("/claims/{id}");
    assert_eq!(app.get_with_cookie(&page, &cookie).await.status(), 200);

    relay.cut();
    for path in ["/readyz", page.as_str()] {
        // Without an acquire timeout below the request timeout this was a 408 after 30 s.
        let r = app.get_with_cookie(path, &cookie).await;
        assert_eq!(r.status(), 503, "{path}");
        assert_eq!(r.headers()["retry-after"], "2", "{path}");
    }

    relay.mend().await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    loop {
        let r = app.get_with_cookie(&page, &cookie).await;
        if r.status() == 200 {
            assert!(r.text().await.unwrap().contains("2745.42"));
            break;
        }
        assert_eq!(r.status(), 503, "only 503 while it reconnects");
        assert!(std::time::Instant::now() < deadline, "the node did not recover");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    drop(db);
}

on_both_backends!(crate::app::db; a_database_out_of_reach_is_503_with_retry_after);

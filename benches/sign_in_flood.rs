//! `cargo bench --bench sign_in_flood --features ssr`: a flood of wrong sign-ins, each from its own
//! address (as a botnet would send them, through a trusted proxy), against the whole server on
//! SQLite. Prints how many codes were checked per second, how many were answered `busy`, and the
//! latency of `/healthz` probed during the flood next to the same probe at rest.

#[path = "../tests/support/app.rs"]
mod app;

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const FLOODERS: usize = 64;
const FLOOD_FOR: Duration = Duration::from_secs(10);

async fn probe(app: &app::App, n: usize) -> Vec<Duration> {
    let mut times = Vec::with_capacity(n);
    for _ in 0..n {
        let t = Instant::now();
        let r = app.get("/healthz").await;
        assert_eq!(r.status(), 200);
        times.push(t.elapsed());
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    times.sort();
    times
}

fn pct(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let db = app::db::sqlite().await;
        let app = app::spawn_app_with(db, &[("TRUSTED_PROXIES", "127.0.0.1")]).await;
        debtor_portal::server::demo::seed(&app.state.store, app.today()).await.unwrap();
        let permits = app.state.config.sign_in_concurrency;
        let rest = probe(&app, 100).await;

        let stop = Arc::new(AtomicBool::new(false));
        let (checked, busy, other) =
            (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
        let started = Instant::now();
        let flood: Vec<_> = (0..FLOODERS)
            .map(|i| {
                let (client, url) = (app.client.clone(), format!("{}/sign-in", app.base));
                let (stop, checked, busy, other) = (stop.clone(), checked.clone(), busy.clone(), other.clone());
                tokio::spawn(async move {
                    let mut n = 0u32;
                    while !stop.load(Ordering::Relaxed) {
                        let from = format!("10.{}.{}.{}", i, (n / 256) % 256, n % 256);
                        let form = [("case_number", "40010001"), ("access_code", "WRONG-CODE")];
                        match client.post(&url).header("x-forwarded-for", from).form(&form).send().await {
                            Ok(r) if r.status() == 303 => checked.fetch_add(1, Ordering::Relaxed),
                            Ok(r) if r.status() == 503 => busy.fetch_add(1, Ordering::Relaxed),
                            _ => other.fetch_add(1, Ordering::Relaxed),
                        };
                        n += 1;
                    }
                })
            })
            .collect();
        tokio::time::sleep(Duration::from_millis(500)).await;
        let during = probe(&app, ((FLOOD_FOR.as_millis() - 1000) / 25) as usize).await;
        stop.store(true, Ordering::Relaxed);
        for f in flood {
            f.await.unwrap();
        }
        let secs = started.elapsed().as_secs_f64();
        let (checked, busy, other) =
            (checked.load(Ordering::Relaxed), busy.load(Ordering::Relaxed), other.load(Ordering::Relaxed));
        println!("sign-in flood: {FLOODERS} clients for {secs:.1} s, {permits} hashing slots");
        println!(
            "  codes checked: {checked} ({:.1}/s); answered busy: {busy} ({:.0}/s); other: {other}",
            checked as f64 / secs,
            busy as f64 / secs
        );
        for (what, t) in [("at rest", &rest), ("during the flood", &during)] {
            println!(
                "  /healthz {what}: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms ({} probes)",
                pct(t, 0.5).as_secs_f64() * 1e3,
                pct(t, 0.99).as_secs_f64() * 1e3,
                t.last().unwrap().as_secs_f64() * 1e3,
                t.len()
            );
        }
    });
}

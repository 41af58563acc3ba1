//! AFL++ target: a multipart form body as the dispute and hardship pages send it
//! (`portal_fuzz::multipart`).

fn main() {
    // One runtime for the whole run: building one per input would be most of the work. AFL++ turns
    // a panic into an abort, so nothing is ever used after one and unwind safety is moot.
    let rt = std::panic::AssertUnwindSafe(
        tokio::runtime::Builder::new_current_thread().build().expect("a current-thread runtime"),
    );
    afl::fuzz!(|data: &[u8]| {
        let _ = portal_fuzz::multipart(&rt, data);
    });
}

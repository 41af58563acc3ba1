//! AFL++ target: `X-Forwarded-For` behind trusted proxies and not (`portal_fuzz::forwarded_for`).

fn main() {
    afl::fuzz!(|data: &[u8]| portal_fuzz::forwarded_for(data));
}

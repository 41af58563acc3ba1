//! Feeds AFL++'s inputs to the very function `debtor-portal calc` runs. A panic anywhere below is a
//! crash AFL++ records; the exit code must be one of the three documented ones.

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let out = debtor_portal::domain::calc::calc(data);
        assert!(out.exit_code <= 2, "undocumented exit code {}", out.exit_code);
    });
}

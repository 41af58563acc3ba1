//! AFL++ target: the form parsers, on fields split at NUL bytes (`portal_fuzz::forms`).

fn main() {
    afl::fuzz!(|data: &[u8]| portal_fuzz::forms(data));
}

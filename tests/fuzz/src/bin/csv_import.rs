//! AFL++ target: a CSV claim file as an administrator uploads it (`portal_fuzz::csv_import`).

fn main() {
    afl::fuzz!(|data: &[u8]| portal_fuzz::csv_import(data));
}

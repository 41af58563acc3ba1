//! AFL++ target: the JSON bodies of the creditor API's POSTs (`portal_fuzz::api_json`).

fn main() {
    afl::fuzz!(|data: &[u8]| portal_fuzz::api_json(data));
}

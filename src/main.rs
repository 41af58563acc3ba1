//! The `debtor-portal` binary: the server and its commands (`server::cli`).
#[cfg(feature = "ssr")]
fn main() -> std::process::ExitCode {
    debtor_portal::server::cli::main()
}

/// The binary only exists for the server; the browser build uses the library's `hydrate`.
#[cfg(not(feature = "ssr"))]
fn main() {}

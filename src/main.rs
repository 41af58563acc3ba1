//! The `debtor-portal` binary: the server and its commands (`server::cli`).

/// mimalloc, not the system's allocator: measured under `wrk` on the claim page (README, "Running
/// in production"), glibc's malloc took about a quarter of the server's time (`_int_malloc`,
/// `malloc_consolidate`), and the page served 15–40 % more requests a second with mimalloc.
#[cfg(feature = "ssr")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
#[cfg(feature = "ssr")]
fn main() -> std::process::ExitCode {
    debtor_portal::server::cli::main()
}

/// The binary only exists for the server; the browser build uses the library's `hydrate`.
#[cfg(not(feature = "ssr"))]
fn main() {}

//! Everything that only runs on the server: configuration, storage, HTTP and the command line.

pub mod assets;
pub mod auth;
pub mod bundle;
pub mod cli;
pub mod clock;
pub mod config;
pub mod debtor_claims;
pub mod demo;
pub mod http;
pub mod ids;
pub mod sign_in;
pub mod store;

//! Everything that only runs on the server: configuration, storage, HTTP and the command line.

pub mod agreement_pdf;
pub mod assets;
pub mod auth;
pub mod bundle;
pub mod cli;
pub mod client_address;
pub mod clock;
pub mod config;
pub mod debtor_claims;
pub mod demo;
pub mod error_page;
pub mod housekeeping;
pub mod http;
pub mod ids;
pub mod plans;
pub mod same_origin;
pub mod security_headers;
pub mod serve;
pub mod sign_in;
pub mod store;

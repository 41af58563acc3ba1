//! Everything that only runs on the server: configuration, storage, HTTP and the command line.

pub mod assets;
pub mod auth;
pub mod bundle;
pub mod claim_views;
pub mod cli;
pub mod config;
pub mod demo;
pub mod http;
pub mod ids;
pub mod sign_in;
pub mod store;

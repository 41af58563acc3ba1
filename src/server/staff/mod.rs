//! The creditor's side, by feature, like the debtor's: each module holds a feature's screens (the
//! data its pages' server functions load) and its form posts. Who may ask is the handlers'
//! extractors' (`auth::extract`: `Staff`, `Admin`); which items are the creditor's is `scope`.

pub mod accounts;
pub mod api_keys;
mod decide;
pub mod deferrals;
pub mod disputes;
pub mod import;
pub mod plan_end;
pub mod policy;
pub mod proposals;
pub mod queue;
pub mod rates;
pub mod reviews;
pub mod scope;
pub mod screen;
pub mod security;
pub mod sign_in;

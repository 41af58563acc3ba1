//! Every page of the portal, each with the server function that loads it beside it.

pub mod agreement;
pub mod claim;
pub mod claims;
pub mod dispute;
pub mod hardship;
pub mod home;
pub mod my_data;
pub mod not_found;
pub mod plan;
pub mod staff_account;
pub mod staff_accounts;
pub mod staff_api_keys;
pub mod staff_deferral;
pub mod staff_dispute;
pub mod staff_import;
pub mod staff_policy;
pub mod staff_proposal;
pub mod staff_queue;
pub mod staff_rates;
pub mod staff_review;
pub mod staff_second_factor;
pub mod staff_sign_in;

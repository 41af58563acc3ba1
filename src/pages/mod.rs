pub mod agreement;
pub mod claim;
pub mod claims;
pub mod dispute;
pub mod home;
pub mod not_found;
pub mod plan;

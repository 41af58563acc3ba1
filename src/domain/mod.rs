//! The arithmetic of a claim and the rules around it: pure functions, no I/O, no floating point and no
//! feature gates, so the browser (WASM) and the server compile the very same code and can never
//! disagree by an öre. `docs/claim-arithmetic.md` is the definition; `tests/golden/` holds
//! the cases that prove it.

mod accrual;
pub mod api_key;
pub mod calc;
pub mod claim;
pub mod claim_import;
mod claim_status;
mod country;
pub mod decision;
pub mod deferral;
pub mod dispute;
pub mod dispute_part;
pub mod document;
mod error;
pub mod fee_law;
pub mod hardship;
pub mod ids;
pub mod image_metadata;
mod input_error;
pub mod interest;
mod money;
pub mod payable;
pub mod plan;
pub mod plan_progress;
pub mod policy;
pub mod policy_form;
pub mod proposal;
pub mod rate_publication;
pub mod reference;
pub mod refund_account;
pub mod retention;
pub mod staff_account;
pub mod statement;
pub(crate) mod text_code;
pub mod timeline;
pub mod work_queue;

pub use claim_status::ClaimStatus;
pub use country::{Country, Currency, Language};
pub use error::DomainError;
pub use ids::{ApiKeyId, BadId, ClaimId, CreditorId, DebtorId, DisputeId, DocumentId, ProposalId, StaffId};
pub use input_error::InputError;
pub use money::{form_amount, format_amount, Money};
pub use text_code::UnknownCode;

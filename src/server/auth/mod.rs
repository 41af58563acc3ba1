//! Who is asking. A debtor signs in with the case number and access code from a collection letter
//! and sees that letter's claims; more letters can be added to the session. Strong e-ID (BankID in
//! Sweden, ID-porten in Norway, through OpenID Connect) would be a further `SignInMethod` ending in
//! the same `Sessions::start`, with `ClaimScope::AllOfSubject`: all of the person's claims.

mod access_code;
pub mod common_passwords;
pub mod extract;
mod hashing_slots;
mod letter;
mod request;
mod sessions;
mod staff;
pub mod throttle;

pub use crate::server::store::{SignInMethod, Subject};
pub use access_code::{canonical_code, code_entropy_bits, generate_code};
pub use extract::{
    admin_only, current_debtor, current_staff, current_staff_signing_in, Admin, AuthRefusal, AuthState, Debtor,
    DebtorClaim, Staff, StaffSigningIn,
};
pub use hashing_slots::{HashingSlot, HashingSlots};
pub use letter::{canonical_case, check_letter, hash_secret, prepare_decoy_hash, SignInError};
pub use request::{debtor_from_headers, session_token, DebtorAccess};
pub use sessions::{
    purge_ended_sessions, ClaimScope, Session, Sessions, ABSOLUTE_TIMEOUT_SECS, IDLE_TIMEOUT_SECS,
    LOOPBACK_COOKIE_NAME, LOOPBACK_STAFF_COOKIE_NAME, MAX_SESSIONS_PER_SUBJECT, SECURE_COOKIE_NAME,
    SECURE_STAFF_COOKIE_NAME,
};
pub use staff::{
    access_of, check_staff_password, confirm_staff_password, staff_from_headers, staff_signing_in, StaffAccess,
    StaffSessions,
};

//! Who is asking. A debtor signs in with the case number and access code from the collection letter;
//! the session that results does not care how it was opened, so BankID (SE) and ID-porten (NO)
//! through OpenID Connect can be added as further `SignInMethod`s that end in the same
//! `Sessions::start`.

mod letter;
mod request;
mod sessions;
mod throttle;

pub use crate::server::store::{SignInMethod, Subject};
pub use letter::{canonical_code, hash_secret, sign_in_with_letter, SignInError};
pub use request::{current_debtor, debtor_from_headers, session_token};
pub use sessions::{
    token_from_cookie_header, Session, Sessions, ABSOLUTE_TIMEOUT_SECS, COOKIE_NAME, IDLE_TIMEOUT_SECS,
};
pub use throttle::{locked_until, FAILURE_LIMIT, LOCK_SECS};

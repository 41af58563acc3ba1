//! Who is asking. A debtor signs in with the case number and access code from the collection letter;
//! the session that results does not care how it was opened, so BankID (SE) and ID-porten (NO)
//! through OpenID Connect can be added as further [`Method`]s that end in the same `Sessions::start`.

mod letter;
mod request;
mod sessions;
mod throttle;

pub use request::{current_debtor, debtor_from_headers, session_token};
pub use letter::{canonical_code, hash_secret, sign_in_with_letter, SignInError};
pub use sessions::{token_from_cookie_header, Session, Sessions, Subject, ABSOLUTE_TIMEOUT_SECS, COOKIE_NAME, IDLE_TIMEOUT_SECS};
pub use throttle::{locked_until, FAILURE_LIMIT, LOCK_SECS};

/// The ways into a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Case number + access code printed on the letter.
    LetterCode,
}

impl Method {
    pub fn name(self) -> &'static str {
        match self {
            Method::LetterCode => "letter_code",
        }
    }
}

//! A creditor staff account as an administrator creates it: who, which address, which role and
//! the first password. Checked field by field so the form can say what to correct.

use super::input_error::InputError;
use super::text_code::text_code;

/// Shorter passwords are refused; longer ones are the staff member's choice.
pub const MIN_PASSWORD_CHARS: usize = 12;
const MAX_PASSWORD_CHARS: usize = 200;
const MAX_NAME_CHARS: usize = 100;
const MAX_EMAIL_CHARS: usize = 254;

text_code! {
    pub enum StaffRole("staff role") {
        /// Decides plans, disputes, deferrals and reviews.
        Agent = "agent",
        /// An agent who also sets the policy and manages staff accounts and API keys.
        Admin = "admin",
    }
}

/// A new account's fields, valid by construction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAccount {
    name: String,
    email: String,
    role: StaffRole,
    password: String,
}

impl NewAccount {
    pub fn from_fields(name: &str, email: &str, role: &str, password: &str) -> Result<Self, InputError> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > MAX_NAME_CHARS || name.chars().any(char::is_control) {
            return Err(InputError::StaffNameInvalid);
        }
        let email = email.trim().to_lowercase();
        let plausible = email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.')
        });
        if !plausible || email.len() > MAX_EMAIL_CHARS || email.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(InputError::EmailInvalid);
        }
        let role = role.trim().parse::<StaffRole>().map_err(|_| InputError::RoleMissing)?;
        check_length(password)?;
        Ok(Self { name: name.to_owned(), email, role, password: password.to_owned() })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// Lower-case: addresses are compared without case.
    pub fn email(&self) -> &str {
        &self.email
    }

    pub fn role(&self) -> StaffRole {
        self.role
    }

    pub fn password(&self) -> &str {
        &self.password
    }
}

fn check_length(password: &str) -> Result<(), InputError> {
    if (MIN_PASSWORD_CHARS..=MAX_PASSWORD_CHARS).contains(&password.chars().count()) {
        Ok(())
    } else {
        Err(InputError::PasswordTooShort)
    }
}

/// A staff member's own new password, typed twice, in place of `current`. Whether it is a common
/// or leaked one is the server's check (its list is too large for the browser).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPassword(String);

impl NewPassword {
    pub fn from_fields(new: &str, repeated: &str, current: &str) -> Result<Self, InputError> {
        if new != repeated {
            return Err(InputError::PasswordMismatch);
        }
        check_length(new)?;
        if new == current {
            return Err(InputError::PasswordUnchanged);
        }
        Ok(Self(new.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_field_is_checked() {
        let ok =
            NewAccount::from_fields(" Eva Berg ", "Eva.Berg@Nordljus.example", "agent", "lång-lösen-2026").unwrap();
        assert_eq!((ok.name(), ok.email(), ok.role()), ("Eva Berg", "eva.berg@nordljus.example", StaffRole::Agent));
        let pw = "correct-horse-battery";
        assert_eq!(NewAccount::from_fields(" ", "a@b.se", "agent", pw), Err(InputError::StaffNameInvalid));
        for email in ["", "eva", "eva@", "@b.se", "eva@b", "eva@.se", "e va@b.se"] {
            assert_eq!(NewAccount::from_fields("Eva", email, "agent", pw), Err(InputError::EmailInvalid), "{email}");
        }
        assert_eq!(NewAccount::from_fields("Eva", "a@b.se", "boss", pw), Err(InputError::RoleMissing));
        assert_eq!(NewAccount::from_fields("Eva", "a@b.se", "admin", "elva-tecken"), Err(InputError::PasswordTooShort));
        assert!(NewAccount::from_fields("Eva", "a@b.se", "admin", "tolv-tecken!").is_ok());
    }

    #[test]
    fn a_new_password_is_typed_twice_long_enough_and_new() {
        let ok = super::NewPassword::from_fields("a-long-new-one-9", "a-long-new-one-9", "the-old-one-1234").unwrap();
        assert_eq!(ok.as_str(), "a-long-new-one-9");
        let cases = [
            ("a-long-new-one-9", "a-long-new-one-8", InputError::PasswordMismatch),
            ("short-9", "short-9", InputError::PasswordTooShort),
            ("the-old-one-1234", "the-old-one-1234", InputError::PasswordUnchanged),
        ];
        for (new, again, want) in cases {
            assert_eq!(super::NewPassword::from_fields(new, again, "the-old-one-1234"), Err(want), "{new}");
        }
    }
}

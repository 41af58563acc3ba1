//! The account an overpayment is paid back to, as the debtor types it: the portal cannot pay money
//! out itself, so it takes an account the creditor's staff can pay to, checked so a typing error is
//! caught before anyone pays to a wrong account.
//!
//! Sweden: a clearing number (four digits; Swedbank's five, starting with 8) and an account number
//! of 7 to 10 digits. The banks' own check digits differ by bank and are not checked here.
//! Norway: an 11-digit account number whose last digit is its MOD11 check digit (weights
//! 5,4,3,2,7,6,5,4,3,2; a remainder that would need the check digit 10 is no account number).
//! Spaces, dots and hyphens between the digits are allowed and dropped.

use serde::{Deserialize, Serialize};

use super::input_error::InputError;
use super::Country;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RefundAccount {
    Se { clearing: String, account: String },
    No { account: String },
}

/// The digits of `s`, or `None` when it holds anything but digits and separators.
fn digits(s: &str) -> Option<String> {
    let s = s.trim();
    if !s.chars().all(|c| c.is_ascii_digit() || matches!(c, ' ' | '.' | '-')) {
        return None;
    }
    Some(s.chars().filter(char::is_ascii_digit).collect())
}

/// Whether an 11-digit Norwegian account number's last digit is its MOD11 check digit.
pub fn norwegian_check_digit_holds(account: &str) -> bool {
    const WEIGHTS: [u32; 10] = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
    let d: Vec<u32> = account.chars().filter_map(|c| c.to_digit(10)).collect();
    if d.len() != 11 || account.len() != 11 {
        return false;
    }
    let sum: u32 = d.iter().zip(WEIGHTS).map(|(a, w)| a * w).sum();
    match 11 - sum % 11 {
        11 => d[10] == 0,
        10 => false,
        check => d[10] == check,
    }
}

impl RefundAccount {
    /// The form's fields for a claim of `country`; `clearing` is ignored for Norway.
    pub fn from_fields(country: Country, clearing: &str, account: &str) -> Result<Self, InputError> {
        let account = digits(account).filter(|a| !a.is_empty()).ok_or(InputError::RefundAccountInvalid)?;
        match country {
            Country::Se => {
                let clearing = digits(clearing).ok_or(InputError::RefundClearingInvalid)?;
                let clearing_ok = match clearing.len() {
                    4 => !clearing.starts_with('0'),
                    5 => clearing.starts_with('8'),
                    _ => false,
                };
                if !clearing_ok {
                    return Err(InputError::RefundClearingInvalid);
                }
                if !(7..=10).contains(&account.len()) {
                    return Err(InputError::RefundAccountInvalid);
                }
                Ok(Self::Se { clearing, account })
            }
            Country::No => {
                if !norwegian_check_digit_holds(&account) {
                    return Err(InputError::RefundAccountInvalid);
                }
                Ok(Self::No { account })
            }
        }
    }

    /// As staff and the debtor read it: `83279, 123456789` (clearing, account) for Sweden,
    /// `1234.56.78903` for Norway.
    pub fn display(&self) -> String {
        match self {
            Self::Se { clearing, account } => format!("{clearing}, {account}"),
            Self::No { account } => format!("{}.{}.{}", &account[..4], &account[4..6], &account[6..]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn norwegian_numbers_carry_their_mod11_check_digit() {
        // 1234567890: 5+8+9+8+35+36+35+32+27+0 = 195; 195 mod 11 = 8; 11 - 8 = 3.
        assert!(norwegian_check_digit_holds("12345678903"));
        assert!(!norwegian_check_digit_holds("12345678904"), "a wrong check digit");
        assert!(!norwegian_check_digit_holds("1234567890"), "ten digits");
        // 0000000001: 1*2 = 2; 11 - 2 = 9.
        assert!(norwegian_check_digit_holds("00000000019"));
        // Sum 0: 11 - 0 = 11, written 0.
        assert!(norwegian_check_digit_holds("00000000000"));
        // 0000000060: 6*3 = 18; 18 mod 11 = 7; 11 - 7 = 4.
        assert!(norwegian_check_digit_holds("00000000604"));
        // 0000000005: 5*2 = 10; 11 - 10 = 1.
        assert!(norwegian_check_digit_holds("00000000051"));
        // 1000000000: 1*5 = 5; 11 - 5 = 6.
        assert!(norwegian_check_digit_holds("10000000006"));
        // 0000000300: 3*4 = 12; 12 mod 11 = 1; 11 - 1 = 10: no check digit fits, no account.
        for last in 0..10 {
            assert!(!norwegian_check_digit_holds(&format!("0000000300{last}")), "check digit 10: {last}");
        }
    }

    #[test]
    fn a_norwegian_account_is_taken_with_separators_and_refused_when_wrong() {
        let ok = RefundAccount::from_fields(Country::No, "", " 1234.56.78903 ").unwrap();
        assert_eq!(ok, RefundAccount::No { account: "12345678903".into() });
        assert_eq!(ok.display(), "1234.56.78903");
        for bad in ["", "1234.56.78904", "1234 56 7890", "1234x5678903", "123456789031"] {
            assert_eq!(
                RefundAccount::from_fields(Country::No, "", bad),
                Err(InputError::RefundAccountInvalid),
                "{bad}"
            );
        }
    }

    #[test]
    fn a_swedish_account_needs_a_clearing_number_and_7_to_10_digits() {
        let ok = RefundAccount::from_fields(Country::Se, "8327-9", "123 456 789").unwrap();
        assert_eq!(ok, RefundAccount::Se { clearing: "83279".into(), account: "123456789".into() });
        assert!(RefundAccount::from_fields(Country::Se, "6000", "1234567").is_ok());
        for clearing in ["", "600", "0600", "60001", "clearing", "831234"] {
            let r = RefundAccount::from_fields(Country::Se, clearing, "1234567");
            assert_eq!(r, Err(InputError::RefundClearingInvalid), "{clearing}");
        }
        for account in ["", "123456", "12345678901", "12-34-56-7x"] {
            let r = RefundAccount::from_fields(Country::Se, "6000", account);
            assert_eq!(r, Err(InputError::RefundAccountInvalid), "{account}");
        }
    }
}

//! Payment references: Swedish bankgiro OCR (with or without a length digit) and Norwegian KID,
//! with their check digits.

use super::text_code::text_code;
use super::DomainError;

text_code! {
    /// How a creditor's bank agreement wants the payment reference built; the text is what is stored
    /// with the creditor.
    pub enum ReferenceScheme("reference scheme") {
        /// Bankgiro OCR, Luhn check digit.
        SeOcr = "se-ocr",
        /// Bankgiro OCR with a length digit before the check digit.
        SeOcrLength = "se-ocr-length",
        NoKidMod10 = "no-kid-mod10",
        NoKidMod11 = "no-kid-mod11",
    }
}

text_code! {
    /// What a debtor's bank calls the reference: OCR in Sweden, KID in Norway.
    pub enum ReferenceKind("reference kind") {
        Ocr = "ocr",
        Kid = "kid",
    }
}

impl ReferenceScheme {
    /// The `calc` case's form: a scheme name and, for Bankgiro OCR, whether it has a length digit.
    pub fn for_case(name: &str, length_digit: bool) -> Result<Self, DomainError> {
        match name.parse() {
            Ok(Self::SeOcr) if length_digit => Ok(Self::SeOcrLength),
            Ok(scheme) if scheme != Self::SeOcrLength => Ok(scheme),
            _ => Err(DomainError::InvalidReferenceScheme),
        }
    }

    pub fn kind(self) -> ReferenceKind {
        match self {
            Self::SeOcr | Self::SeOcrLength => ReferenceKind::Ocr,
            Self::NoKidMod10 | Self::NoKidMod11 => ReferenceKind::Kid,
        }
    }

    /// Digits added to the base: the check digit, and the length digit where there is one.
    fn extra_digits(self) -> usize {
        if self == Self::SeOcrLength {
            2
        } else {
            1
        }
    }
}

/// Luhn check digit over `digits` (rightmost digit doubled first).
fn luhn(digits: &[u8]) -> u8 {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            let v = u32::from(d) * if i % 2 == 0 { 2 } else { 1 };
            if v > 9 {
                v - 9
            } else {
                v
            }
        })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

/// MOD11 with weights 2..7 from the right; `None` where the check digit would be 10.
fn mod11(digits: &[u8]) -> Option<u8> {
    let sum: u32 = digits.iter().rev().enumerate().map(|(i, &d)| u32::from(d) * (2 + (i as u32 % 6))).sum();
    match 11 - sum % 11 {
        11 => Some(0),
        10 => None,
        c => Some(c as u8),
    }
}

/// Builds the full reference for `base`, check digit (and any length digit) included.
pub fn reference(scheme: ReferenceScheme, base: &str) -> Result<String, DomainError> {
    if base.is_empty() || !base.bytes().all(|b| b.is_ascii_digit()) {
        return Err(DomainError::InvalidReferenceBase);
    }
    let mut digits: Vec<u8> = base.bytes().map(|b| b - b'0').collect();
    let total = digits.len() + scheme.extra_digits();
    if !(2..=25).contains(&total) {
        return Err(DomainError::InvalidReferenceLength);
    }
    let check = match scheme {
        ReferenceScheme::SeOcr => luhn(&digits),
        ReferenceScheme::SeOcrLength => {
            digits.push((total % 10) as u8);
            luhn(&digits)
        }
        ReferenceScheme::NoKidMod10 => luhn(&digits),
        ReferenceScheme::NoKidMod11 => mod11(&digits).ok_or(DomainError::KidMod11UnusableBase)?,
    };
    digits.push(check);
    Ok(digits.iter().map(|d| char::from(b'0' + d)).collect())
}

/// True when `reference` carries a valid check digit (and length digit) under `scheme`: what a bank
/// would do with a reference a debtor typed.
pub fn is_valid(scheme: ReferenceScheme, reference_text: &str) -> bool {
    let strip = scheme.extra_digits();
    // Checked as ASCII digits first: slicing other text by bytes could cut a character in two.
    reference_text.len() > strip
        && reference_text.bytes().all(|b| b.is_ascii_digit())
        && reference(scheme, &reference_text[..reference_text.len() - strip]).as_deref() == Ok(reference_text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domain_md_examples() {
        let ocr = ReferenceScheme::SeOcr;
        let ocr_len = ReferenceScheme::SeOcrLength;
        assert_eq!(reference(ocr, "1234567").unwrap(), "12345674");
        assert_eq!(reference(ocr_len, "1234567").unwrap(), "123456790");
        assert_eq!(reference(ocr, "123").unwrap(), "1230");
        assert_eq!(reference(ocr_len, "123").unwrap(), "12351");
        assert_eq!(reference(ReferenceScheme::NoKidMod10, "2345678").unwrap(), "23456783");
        assert_eq!(reference(ReferenceScheme::NoKidMod11, "2345678").unwrap(), "23456788");
        assert_eq!(reference(ReferenceScheme::NoKidMod10, "1234").unwrap(), "12344");
        assert_eq!(reference(ReferenceScheme::NoKidMod11, "1234").unwrap(), "12343");
        assert_eq!(reference(ReferenceScheme::NoKidMod11, "104"), Err(DomainError::KidMod11UnusableBase));
    }

    #[test]
    fn bad_bases_and_lengths() {
        let s = ReferenceScheme::NoKidMod10;
        assert_eq!(reference(s, ""), Err(DomainError::InvalidReferenceBase));
        assert_eq!(reference(s, "12a"), Err(DomainError::InvalidReferenceBase));
        assert_eq!(reference(s, &"1".repeat(25)), Err(DomainError::InvalidReferenceLength));
        assert!(reference(s, &"1".repeat(24)).is_ok());
        assert_eq!(ReferenceScheme::for_case("iban", false), Err(DomainError::InvalidReferenceScheme));
        assert_eq!(ReferenceScheme::for_case("se-ocr-length", false), Err(DomainError::InvalidReferenceScheme));
        assert_eq!(ReferenceScheme::for_case("se-ocr", true), Ok(ReferenceScheme::SeOcrLength));
        assert_eq!(ReferenceScheme::for_case("no-kid-mod10", true), Ok(ReferenceScheme::NoKidMod10));
        assert_eq!(reference(s, "١٢٣"), Err(DomainError::InvalidReferenceBase));
    }

    #[test]
    fn validity_check_catches_a_typo() {
        let s = ReferenceScheme::SeOcrLength;
        assert!(is_valid(s, "123456790"));
        assert!(!is_valid(s, "1234567é"), "non-ASCII text is refused, not sliced");
        assert!(!is_valid(s, "123456780"));
        assert!(!is_valid(s, "9"));
        assert_eq!(ReferenceScheme::NoKidMod11.kind(), ReferenceKind::Kid);
        assert_eq!(ReferenceScheme::SeOcrLength.kind(), ReferenceKind::Ocr);
    }
}

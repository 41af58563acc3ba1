//! The codes printed on letters: read aloud over the phone, typed on a phone keyboard.

use rand::Rng;

/// No 0/O, 1/I/L, 5/S, 2/Z, 8/B: nothing a reader or a listener can take for another character.
const ALPHABET: &[u8] = b"34679ACDEFGHJKMNPQRTUVWXY";
/// 12 characters of 25: 55.7 bits, beyond guessing under the throttle.
const LENGTH: usize = 12;
const GROUP: usize = 4;

/// A new code from the operating system's random source, grouped as `XXXX-XXXX-XXXX`.
pub fn generate_code() -> String {
    let mut rng = rand::rngs::OsRng;
    let chars: Vec<char> = (0..LENGTH).map(|_| char::from(ALPHABET[rng.gen_range(0..ALPHABET.len())])).collect();
    chars.chunks(GROUP).map(|g| g.iter().collect::<String>()).collect::<Vec<_>>().join("-")
}

/// Letters print the code in groups; people type it in any case, with or without the dashes or
/// spaces. Both the stored hash and the attempt use this form.
pub fn canonical_code(code: &str) -> String {
    code.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_uppercase()).collect()
}

/// The bits of chance in one generated code.
pub fn code_entropy_bits() -> f64 {
    LENGTH as f64 * (ALPHABET.len() as f64).log2()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_grouped_unambiguous_and_strong() {
        assert!(code_entropy_bits() >= 50.0, "{}", code_entropy_bits());
        let mut seen = std::collections::HashSet::new();
        for _ in 0..2000 {
            let c = generate_code();
            assert_eq!(c.len(), 14);
            assert_eq!(c.matches('-').count(), 2);
            assert!(canonical_code(&c).bytes().all(|b| ALPHABET.contains(&b)), "{c}");
            assert!(seen.insert(c));
        }
        for ambiguous in b"0O1IL5S2Z8B" {
            assert!(!ALPHABET.contains(ambiguous), "{}", char::from(*ambiguous));
        }
    }

    #[test]
    fn every_character_turns_up() {
        let all: String = (0..400).map(|_| generate_code()).collect();
        for c in ALPHABET {
            assert!(all.contains(char::from(*c)), "{}", char::from(*c));
        }
    }

    #[test]
    fn codes_are_read_the_way_people_type_them() {
        assert_eq!(canonical_code(" k7qm-4txp "), "K7QM4TXP");
        assert_eq!(canonical_code("K7QM 4TXP"), "K7QM4TXP");
    }
}

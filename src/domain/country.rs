//! The two markets (Sweden, Norway), their currencies and the debtor's languages, as codes.

use super::text_code::text_code;

text_code! {
    /// The two markets the portal serves; it decides currency, legal texts and defaults.
    pub enum Country("country") {
        Se = "SE",
        No = "NO",
    }
}

text_code! {
    pub enum Currency("currency") {
        Sek = "SEK",
        Nok = "NOK",
    }
}

impl Country {
    pub fn currency(self) -> Currency {
        match self {
            Self::Se => Currency::Sek,
            Self::No => Currency::Nok,
        }
    }
}

impl Currency {
    /// The market whose currency this is.
    pub fn country(self) -> Country {
        match self {
            Self::Sek => Country::Se,
            Self::Nok => Country::No,
        }
    }
}

text_code! {
    /// The portal's languages: Swedish, Norwegian bokmål, English.
    pub enum Language("language") {
        Sv = "sv",
        Nb = "nb",
        En = "en",
    }
}

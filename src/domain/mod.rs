//! The arithmetic of a claim and the rules around it: pure functions, no I/O, no floating point and no
//! feature gates, so the browser (WASM) and the server compile the very same code and can never
//! disagree by an öre. `../shared/spec/claim-arithmetic.md` is the definition; `tests/golden/` holds
//! the cases that prove it.

pub mod case;
mod error;
pub mod interest;
mod money;
pub mod plan;
pub mod policy;
pub mod reference;
pub mod statement;
pub mod timeline;

pub use error::DomainError;
pub use money::{format_amount, Money};

use serde::{Deserialize, Serialize};

/// The two markets the portal serves; it decides currency, legal texts and defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Country {
    #[serde(rename = "SE")]
    Se,
    #[serde(rename = "NO")]
    No,
}

impl Country {
    pub fn code(self) -> &'static str {
        match self {
            Self::Se => "SE",
            Self::No => "NO",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "SE" => Some(Self::Se),
            "NO" => Some(Self::No),
            _ => None,
        }
    }

    pub fn currency(self) -> &'static str {
        match self {
            Self::Se => "SEK",
            Self::No => "NOK",
        }
    }
}

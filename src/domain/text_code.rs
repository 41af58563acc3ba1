//! Codes that cross a boundary as text (a database column, JSON, a URL) are enums inside the
//! program. `text_code!` declares one with its spelling in a single table, so that the text form,
//! `FromStr`, `Display` and serde can never disagree, and no code is matched as a string anywhere else.

/// A text that is not one of a code's spellings.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} {text:?}")]
pub struct UnknownCode {
    pub what: &'static str,
    pub text: String,
}

/// Reads any type that is parsed from its text form (a code) from a JSON string: the one
/// `Deserialize` body behind `text_code!`, `FeeKind` and `ErrorCode`.
pub(crate) fn deserialize_text<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: std::str::FromStr,
    T::Err: std::fmt::Display,
{
    let s = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
    s.parse().map_err(serde::de::Error::custom)
}

/// A code's schema: a string that is one of `texts`.
#[cfg(feature = "ssr")]
pub(crate) fn code_schema(what: &str, texts: &[&str]) -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(format!("A {what}")))
        .enum_values(Some(texts.iter().copied()))
        .into()
}

/// `pub enum Name("what it is") { Variant = "text", … }`. Write `("what", messages)` for an enum
/// whose `Display` is a message per variant (from `thiserror`) instead of the text.
macro_rules! text_code {
    (
        $(#[$meta:meta])*
        pub enum $name:ident ($what:literal, messages) {
            $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            #[allow(dead_code)]
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::domain::UnknownCode;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($text => Ok($name::$variant),)+
                    _ => Err($crate::domain::UnknownCode { what: $what, text: s.chars().take(40).collect() }),
                }
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                $crate::domain::text_code::deserialize_text(d)
            }
        }

        // The API's OpenAPI document lists the spellings; only the server has a document, so the
        // wasm carries none of it.
        #[cfg(feature = "ssr")]
        impl ::utoipa::PartialSchema for $name {
            fn schema() -> ::utoipa::openapi::RefOr<::utoipa::openapi::schema::Schema> {
                $crate::domain::text_code::code_schema($what, &[$($text),+])
            }
        }

        #[cfg(feature = "ssr")]
        impl ::utoipa::ToSchema for $name {}
    };
    (
        $(#[$meta:meta])*
        pub enum $name:ident ($what:literal) {
            $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)?
        }
    ) => {
        $crate::domain::text_code::text_code! {
            $(#[$meta])*
            pub enum $name ($what, messages) {
                $($(#[$vmeta])* $variant = $text),+
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

pub(crate) use text_code;

#[cfg(test)]
mod tests {
    use crate::domain::{ClaimStatus, Country, Currency};

    #[test]
    fn every_spelling_round_trips_and_unknown_text_is_refused() {
        for s in ClaimStatus::ALL {
            assert_eq!(s.as_str().parse::<ClaimStatus>(), Ok(*s));
            assert_eq!(serde_json::to_value(s).unwrap(), serde_json::json!(s.as_str()));
        }
        for c in Country::ALL {
            assert_eq!(c.to_string().parse::<Country>(), Ok(*c));
        }
        assert_eq!(Currency::ALL.len(), 2);
        let e = "DISPUTED".parse::<ClaimStatus>().unwrap_err();
        assert_eq!(e.to_string(), r#"unknown claim status "DISPUTED""#);
        assert!(serde_json::from_str::<Country>(r#""DK""#).is_err());
    }
}

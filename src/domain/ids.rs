//! The identifiers of what the portal stores, one type each, so a dispute's id can never be passed
//! where a claim's is wanted, and an id from outside (a URL, a form, JSON) is checked once, where it
//! enters, instead of reaching a query as any text at all.

/// Why a text is not an identifier.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a {what} id")]
pub struct BadId {
    pub what: &'static str,
}

/// The longest identifier taken from outside. The store makes 32 hex digits; rows from before (and
/// tests) use shorter names of the same letters, so the rule is the alphabet and a bound, not a shape.
pub const MAX_ID_LEN: usize = 64;

/// 1–[`MAX_ID_LEN`] ASCII letters, digits, `-` or `_`: nothing a URL, HTML or SQL would read as more
/// than text.
pub(crate) fn is_id_text(s: &str) -> bool {
    (1..=MAX_ID_LEN).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// `pub struct Name("what it names")`: a string newtype whose every value passed [`is_id_text`].
macro_rules! entity_id {
    ($(#[$meta:meta])* $name:ident ($what:literal)) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// A fresh random id (128 bits, hex): what the store gives everything it inserts.
            #[cfg(feature = "ssr")]
            pub fn random() -> Self {
                Self($crate::server::ids::new_id())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = BadId;
            fn from_str(s: &str) -> Result<Self, BadId> {
                if is_id_text(s) {
                    Ok(Self(s.to_owned()))
                } else {
                    Err(BadId { what: $what })
                }
            }
        }

        impl TryFrom<String> for $name {
            type Error = BadId;
            fn try_from(s: String) -> Result<Self, BadId> {
                if is_id_text(&s) {
                    Ok(Self(s))
                } else {
                    Err(BadId { what: $what })
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                $crate::domain::text_code::deserialize_text(d)
            }
        }

        // Bound and read as text by both databases; a stored value that is not an id is a fault
        // of the data, reported by sqlx as a decode error.
        #[cfg(feature = "ssr")]
        impl ::sqlx::Type<::sqlx::Any> for $name {
            fn type_info() -> ::sqlx::any::AnyTypeInfo {
                <String as ::sqlx::Type<::sqlx::Any>>::type_info()
            }
        }

        #[cfg(feature = "ssr")]
        impl<'q> ::sqlx::Encode<'q, ::sqlx::Any> for $name {
            fn encode_by_ref(
                &self,
                buf: &mut <::sqlx::Any as ::sqlx::Database>::ArgumentBuffer<'q>,
            ) -> Result<::sqlx::encode::IsNull, ::sqlx::error::BoxDynError> {
                <String as ::sqlx::Encode<'q, ::sqlx::Any>>::encode_by_ref(&self.0, buf)
            }
        }

        #[cfg(feature = "ssr")]
        impl<'r> ::sqlx::Decode<'r, ::sqlx::Any> for $name {
            fn decode(value: ::sqlx::any::AnyValueRef<'r>) -> Result<Self, ::sqlx::error::BoxDynError> {
                let text = <String as ::sqlx::Decode<'r, ::sqlx::Any>>::decode(value)?;
                Ok(Self::try_from(text)?)
            }
        }

        #[cfg(feature = "ssr")]
        impl ::utoipa::PartialSchema for $name {
            fn schema() -> ::utoipa::openapi::RefOr<::utoipa::openapi::schema::Schema> {
                id_schema($what)
            }
        }

        #[cfg(feature = "ssr")]
        impl ::utoipa::ToSchema for $name {}
    };
}

#[cfg(feature = "ssr")]
fn id_schema(what: &str) -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(format!("A {what} id")))
        .min_length(Some(1))
        .max_length(Some(MAX_ID_LEN))
        .pattern(Some("^[0-9A-Za-z_-]+$"))
        .into()
}

entity_id!(
    /// A claim: the debt a creditor handed over, with its fees and payments.
    ClaimId("claim")
);
entity_id!(
    /// A debtor: one person, whatever claims and sessions they have.
    DebtorId("debtor")
);
entity_id!(
    /// A creditor: the company that owns claims, its staff and API keys.
    CreditorId("creditor")
);
entity_id!(
    /// An installment plan proposal (a debtor's, or an agent's counter-proposal).
    ProposalId("proposal")
);
entity_id!(
    /// A dispute of a claim or part of one.
    DisputeId("dispute")
);
entity_id!(
    /// An uploaded document (hardship evidence or a dispute's attachment).
    DocumentId("document")
);
entity_id!(
    /// A creditor's staff user.
    StaffId("staff")
);
entity_id!(
    /// A creditor's API key (its id, never its secret).
    ApiKeyId("API key")
);

#[cfg(test)]
mod tests {
    use super::{ClaimId, DisputeId, MAX_ID_LEN};

    #[test]
    fn an_id_is_letters_digits_dash_and_underscore_within_the_bound() {
        for ok in ["a", "0123456789abcdef0123456789abcdef", "demo-claim_1", &"x".repeat(MAX_ID_LEN)] {
            assert_eq!(ok.parse::<ClaimId>().unwrap().as_str(), ok);
        }
        for bad in ["", " a", "a/b", "a%2Fb", "ä", "a b", "1;DROP", &"x".repeat(MAX_ID_LEN + 1)] {
            assert_eq!(bad.parse::<ClaimId>().unwrap_err().to_string(), "not a claim id", "{bad:?}");
        }
    }

    #[test]
    fn json_carries_the_text_and_refuses_what_is_not_an_id() {
        let id: DisputeId = serde_json::from_str(r#""d-1""#).unwrap();
        assert_eq!(serde_json::to_string(&id).unwrap(), r#""d-1""#);
        assert!(serde_json::from_str::<DisputeId>(r#""d 1""#).is_err());
        assert!(serde_json::from_str::<DisputeId>("17").is_err());
    }
}

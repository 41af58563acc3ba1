//! What a form post came back with, in the page's address (`?sent=1`, `?error=code`, the typed
//! values to show again …). Each page names the keys it answers to in a struct with leptos_router's
//! `Params` derive and reads it with [`returned`].
//!
//! The address can be edited by hand, so no value makes the page fail: an unknown error code reads
//! as "something went wrong" ([`Refused`]), and any other value that does not parse as if its key
//! were not there ([`Lenient`]).

use std::convert::Infallible;
use std::str::FromStr;

use leptos::prelude::*;
use leptos_router::hooks::use_query;
use leptos_router::params::{IntoParam, Params, ParamsError};

use crate::error::ErrorCode;

/// The page's query, as it was when the page was built: pages are rendered on the server only, so
/// it never changes under them.
pub fn returned<Q>() -> Q
where
    Q: Params + Clone + Default + PartialEq + Send + Sync + 'static,
{
    use_query::<Q>().get_untracked().unwrap_or_default()
}

/// A key that is there or not (`?sent=1`); its value does not matter.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Flag(bool);

impl Flag {
    pub fn is_set(self) -> bool {
        self.0
    }
}

impl IntoParam for Flag {
    fn into_param(value: Option<&str>, _name: &str) -> Result<Self, ParamsError> {
        Ok(Self(value.is_some()))
    }
}

/// `?error=code`: why the post was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refused(pub ErrorCode);

impl FromStr for Refused {
    type Err = Infallible;
    fn from_str(s: &str) -> Result<Self, Infallible> {
        Ok(Self(ErrorCode::returned(s)))
    }
}

/// A value read when it parses, and as absent when it does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lenient<T>(pub Option<T>);

impl<T> Default for Lenient<T> {
    fn default() -> Self {
        Self(None)
    }
}

impl<T: FromStr> IntoParam for Lenient<T> {
    fn into_param(value: Option<&str>, _name: &str) -> Result<Self, ParamsError> {
        Ok(Self(value.and_then(|v| v.parse().ok())))
    }
}

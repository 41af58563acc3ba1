//! The answer to every form post: a 303 (axum's `Redirect::to`) to the page that shows the outcome,
//! setting a cookie when the post opened, moved or ended a session. Cookies are built with the
//! `cookie` crate (`sign_in::cookie_of`), the same one axum-extra's jar wraps; a jar would add a
//! dependency to the server for one header per answer.

use axum::http::{header, HeaderValue};
use axum::response::{AppendHeaders, IntoResponse, Redirect, Response};

use crate::error::AppError;

/// A 303 to `location`, setting `cookie` when given.
pub fn see_other(location: &str, cookie: Option<cookie::Cookie<'static>>) -> Response {
    // `Redirect::to` panics on text that is no header value. Every location is built here from our
    // paths, typed ids and error codes, so one that is not is our fault: a 500, never a panic.
    if HeaderValue::from_str(location).is_err() {
        return AppError::internal().into_response();
    }
    let redirect = Redirect::to(location);
    match cookie {
        Some(c) => (AppendHeaders([(header::SET_COOKIE, c.to_string())]), redirect).into_response(),
        None => redirect.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::see_other;
    use axum::http::{header, StatusCode};

    #[test]
    fn a_303_with_the_location_and_the_cookie_when_given() {
        let r = see_other("/claims?added=1", Some(cookie::Cookie::new("s", "v")));
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_eq!(r.headers()[header::LOCATION], "/claims?added=1");
        assert_eq!(r.headers()[header::SET_COOKIE], "s=v");
        let r = see_other("/", None);
        assert!(r.headers().get(header::SET_COOKIE).is_none());
    }

    #[test]
    fn a_location_that_is_no_header_value_is_a_500_not_a_panic() {
        assert_eq!(see_other("/a\nb", None).status(), StatusCode::INTERNAL_SERVER_ERROR);
    }
}

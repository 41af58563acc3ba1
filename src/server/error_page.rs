//! Errors the server answers before (or instead of) a Leptos page: the same-origin refusal and a busy
//! sign-in. A browser gets a small page in the reader's language, anything else the JSON error; the
//! status comes from the one `ErrorCode::status`.

use axum::http::{header, HeaderMap};
use axum::response::{Html, IntoResponse, Response};

use super::request_cookies::request_cookie;
use crate::components::format::locale_of;
use crate::components::labels;
use crate::domain::Language;
use crate::error::AppError;
use crate::i18n::td_string;

pub fn respond(headers: &HeaderMap, error: AppError) -> Response {
    if !wants_html(headers) {
        return error.into_response();
    }
    let language = language_of(headers);
    let locale = locale_of(language);
    let title = td_string!(locale, error_title);
    let text = labels::error(locale, error.code, 15);
    let back = td_string!(locale, error_cross_site_back);
    let page = format!(
        "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" \
         content=\"width=device-width, initial-scale=1\"><title>{title}</title></head><body><main>\
         <h1>{title}</h1><p role=\"alert\">{text}</p><p><a href=\"/\">{back}</a></p></main></body></html>",
        lang = language.as_str(),
    );
    let mut res = (error.status(), Html(page)).into_response();
    error.add_headers(&mut res);
    res
}

fn wants_html(headers: &HeaderMap) -> bool {
    headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains("text/html"))
}

/// The reader's language as the pages choose it: the switcher's cookie, else Swedish.
pub fn language_of(headers: &HeaderMap) -> Language {
    request_cookie(headers, super::http::LANGUAGE_COOKIE).and_then(|c| c.value().parse().ok()).unwrap_or(Language::Sv)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::PortalCode;
    use axum::http::HeaderValue;

    fn h(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut m = HeaderMap::new();
        for (k, v) in pairs {
            m.insert(*k, HeaderValue::from_static(v));
        }
        m
    }

    #[test]
    fn the_page_speaks_the_readers_language() {
        assert_eq!(language_of(&h(&[("cookie", "a=1; i18n_pref_locale=nb")])), Language::Nb);
        assert_eq!(language_of(&h(&[("cookie", "i18n_pref_locale=xx")])), Language::Sv);
        assert_eq!(language_of(&h(&[])), Language::Sv);
    }

    #[tokio::test]
    async fn busy_says_when_to_come_back_in_html_and_json() {
        let busy = || AppError::new(PortalCode::Busy, "busy");
        let html = respond(&h(&[("accept", "text/html"), ("cookie", "i18n_pref_locale=en")]), busy());
        assert_eq!(html.status(), 503);
        assert_eq!(html.headers()["retry-after"], "2");
        let body = axum::body::to_bytes(html.into_body(), 4096).await.unwrap();
        let body = String::from_utf8(body.to_vec()).unwrap();
        assert!(body.contains("lang=\"en\"") && body.contains("try again in a few seconds"), "{body}");
        let json = respond(&h(&[("accept", "application/json")]), busy());
        assert_eq!(json.status(), 503);
        assert_eq!(json.headers()["retry-after"], "2");
        let body = axum::body::to_bytes(json.into_body(), 4096).await.unwrap();
        assert_eq!(serde_json::from_slice::<serde_json::Value>(&body).unwrap()["error"], "busy");
    }
}

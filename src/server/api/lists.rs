//! A list's query: `status` (each list's own codes, with its default), `cursor` (the previous
//! page's `next_cursor`) and `limit` (1–100, 50 by default). Anything else, an empty value too, is
//! `400 invalid_query`, as the OpenAPI document says.

use axum::extract::rejection::QueryRejection;
use axum::extract::Query;
use serde::Deserialize;

use crate::error::{AppError, PortalCode};
use crate::server::clock::Instant;
use crate::server::store::After;

const DEFAULT_LIMIT: i64 = 50;
const MAX_LIMIT: i64 = 100;

/// Read as text, so that a wrong value is this API's JSON `400 invalid_query`, not axum's plain
/// text; each list's `#[utoipa::path]` documents the values (its own status enum).
#[derive(Debug, Deserialize)]
pub struct ListQuery {
    /// Which items: `pending` (the default) for plan proposals, `open` (the default) for disputes.
    pub status: Option<String>,
    /// The `next_cursor` of the page before.
    pub cursor: Option<String>,
    /// How many items a page holds, 1–100 (50 when absent).
    pub limit: Option<String>,
}

fn invalid(message: &str) -> AppError {
    AppError::new(PortalCode::InvalidQuery, message)
}

/// The query, or this API's JSON `400 invalid_query` for one serde cannot read (a name given
/// twice, a broken percent-encoding) instead of axum's plain text.
pub fn query(q: Result<Query<ListQuery>, QueryRejection>) -> Result<ListQuery, AppError> {
    q.map(|Query(q)| q).map_err(|e| invalid(&e.body_text()))
}

/// The list's status code parsed, or its default.
pub fn status<T: std::str::FromStr>(q: &ListQuery, default: T, known: &str) -> Result<T, AppError> {
    match q.status.as_deref().map(str::trim) {
        None => Ok(default),
        Some(s) => s.parse().map_err(|_| invalid(&format!("status is one of {known}"))),
    }
}

/// The page's size (asked one more, to know whether another page follows) and where it starts.
pub fn page(q: &ListQuery) -> Result<(i64, Option<After>), AppError> {
    let limit = match q.limit.as_deref().map(str::trim) {
        None => DEFAULT_LIMIT,
        Some(l) => {
            l.parse().ok().filter(|n| (1..=MAX_LIMIT).contains(n)).ok_or_else(|| invalid("limit is 1 to 100"))?
        }
    };
    let after = match q.cursor.as_deref().map(str::trim) {
        None => None,
        Some(c) => Some(read_cursor(c).ok_or_else(|| invalid("the cursor is not one a page gave"))?),
    };
    Ok((limit, after))
}

/// `created_at.id` of the last item listed.
pub fn cursor<I: std::fmt::Display>(last: &After<I>) -> String {
    format!("{}.{}", last.created_at, last.id)
}

pub fn read_cursor(c: &str) -> Option<After> {
    let (at, id) = c.split_once('.')?;
    // The id rule of every listed item's id type, so any item's cursor reads back.
    let plausible = crate::domain::ids::is_id_text(id);
    plausible.then(|| Some(After { created_at: Instant::from_unix(at.parse().ok()?), id: id.to_owned() }))?
}

/// Splits a page asked with `limit + 1` into the items to list and the cursor of the next page,
/// the last listed item's `mark`.
pub fn split<T>(mut items: Vec<T>, limit: i64, mark: impl Fn(&T) -> After) -> (Vec<T>, Option<String>) {
    let limit = usize::try_from(limit).unwrap_or(0);
    if items.len() > limit {
        items.truncate(limit);
        let next = items.last().map(|last| cursor(&mark(last)));
        (items, next)
    } else {
        (items, None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(status: Option<&str>, cursor: Option<&str>, limit: Option<&str>) -> ListQuery {
        ListQuery { status: status.map(Into::into), cursor: cursor.map(Into::into), limit: limit.map(Into::into) }
    }

    #[test]
    fn limits_and_cursors_are_checked() {
        assert_eq!(page(&q(None, None, None)).unwrap(), (50, None));
        assert_eq!(page(&q(None, None, Some("100"))).unwrap().0, 100);
        for bad in ["0", "101", "-1", "ten", "1.5", ""] {
            assert!(page(&q(None, None, Some(bad))).unwrap_err().is(PortalCode::InvalidQuery), "{bad}");
        }
        let after = After { created_at: Instant::from_unix(1_790_000_000), id: "ab12".into() };
        assert_eq!(page(&q(None, Some(&cursor(&after)), None)).unwrap().1, Some(after));
        let dashed = After { created_at: Instant::from_unix(5), id: "demo-id_1".to_owned() };
        assert_eq!(page(&q(None, Some(&cursor(&dashed)), None)).unwrap().1, Some(dashed));
        for bad in ["x", "12", "12.", ".ab", "12.a b", "12.ä", "a.ab", ""] {
            assert!(page(&q(None, Some(bad), None)).is_err(), "{bad}");
        }
        assert!(status::<u8>(&q(Some(""), None, None), 7, "").is_err(), "an empty status is none of the codes");
        assert_eq!(status::<u8>(&q(None, None, None), 7, "").unwrap(), 7);
    }

    #[test]
    fn a_page_has_a_next_cursor_only_when_more_follow() {
        let ids: Vec<After> = (0..3).map(|i| After { created_at: Instant::from_unix(i), id: format!("{i}") }).collect();
        let (items, next) = split(ids.clone(), 2, Clone::clone);
        assert_eq!((items.len(), next.as_deref()), (2, Some("1.1")));
        assert_eq!(split(ids, 3, Clone::clone).1, None);
    }
}

//! The staff work queue as an agent uses it, on SQLite and PostgreSQL: searched by case number,
//! invoice number or part of a name in any case, narrowed by kind, waiting time and principal, with
//! the amounts each row decides on; every bad field a translated error that narrows nothing; and
//! only ever the agent's own creditor's items.
#![cfg(feature = "ssr")]

#[path = "support/app.rs"]
mod app;
#[path = "support/plan_forms.rs"]
mod plan_forms;
#[path = "support/staff_pages.rs"]
mod staff_pages;

use app::db::TestDb;
use staff_pages::{en, pending_proposal, staff_session, text, ANNA, KVIKK_AGENT, NORDLJUS_AGENT};

/// The cases of the queue's rows on `page`, in order.
fn rows(page: &str) -> Vec<&str> {
    page.match_indices(r#"data-testid="queue-item""#)
        .filter_map(|(at, _)| {
            let rest = &page[at..];
            let start = rest.find(r#"data-case=""#)? + 11;
            Some(&rest[start..start + rest[start..].find('"')?])
        })
        .collect()
}

/// The text of the first element marked `testid` on `page`.
fn marked<'a>(page: &'a str, testid: &str) -> Option<&'a str> {
    let at = page.find(&format!(r#"data-testid="{testid}""#))?;
    let start = at + page[at..].find('>')? + 1;
    Some(&page[start..start + page[start..].find('<')?])
}

async fn an_agent_finds_an_item_by_what_they_know_of_it(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    pending_proposal(&app).await;
    let agent = staff_session(&app, NORDLJUS_AGENT).await;
    let page = |q: &'static str| {
        let (app, agent) = (&app, agent.clone());
        async move { text(en(app, &format!("/staff/queue{q}"), &agent).await).await }
    };
    let all = page("").await;
    assert_eq!(rows(&all), [ANNA.0]);
    // The row holds what the agent decides on: Anna's principal and her offer, 13 installments.
    assert_eq!(marked(&all, "queue-principal"), Some("SEK 2,485.00"));
    assert_eq!(marked(&all, "queue-asks"), Some("SEK 237.00 a month, SEK 3,070.34 in all"));
    // A row says what it is in the singular; the filter above says how many of the kind wait.
    assert!(all.contains("<td>Plan proposal<") && all.contains(r#"data-count="1">Plan proposals (1)<"#), "{all}");
    // Found by its case number, the creditor's invoice number, or part of the name in another case.
    for q in ["?q=40010001", "?q=NE-2026-118274", "?q=lindQVIST", "?q=+anna+", "?q=40010001&kind=plan_proposal"] {
        assert_eq!(rows(&page(q).await), [ANNA.0], "{q}");
    }
    // A search keeps what was typed in the form, and the counts say how many match.
    let found = page("?q=lindQVIST").await;
    assert!(found.contains(r#"value="lindQVIST""#) && found.contains("Matching, by kind"), "{found}");
    for q in [
        "?q=40010002",
        "?q=NE-2026",
        "?q=Lindqvist+Anna",
        "?q=*",
        "?q=%25",
        "?kind=dispute",
        "?from=2485.01",
        "?to=2484,99",
        "?waited=1d",
    ] {
        let none = page(q).await;
        assert!(rows(&none).is_empty(), "{q}: {none}");
        assert!(none.contains(r#"data-testid="queue-empty""#) && none.contains(r#"data-count="0""#), "{q}");
    }
    for q in ["?from=2485", "?to=2485.00", "?from=2000&to=3%20000", "?waited="] {
        assert_eq!(rows(&page(q).await), [ANNA.0], "{q}");
    }
    // A day on (and signed in again: a staff session ends when idle), it has waited a day; not a week.
    app.advance_days(1);
    let agent = staff_session(&app, NORDLJUS_AGENT).await;
    let day_on = |q: &'static str| en(&app, q, &agent);
    assert_eq!(rows(&text(day_on("/staff/queue?waited=1d").await).await), [ANNA.0]);
    assert!(rows(&text(day_on("/staff/queue?waited=7d").await).await).is_empty());
    // Another creditor's agent finds nothing of it, by any of it.
    let kvikk = staff_session(&app, KVIKK_AGENT).await;
    for q in ["", "?q=40010001", "?q=Anna", "?q=NE-2026-118274"] {
        let theirs = text(en(&app, &format!("/staff/queue{q}"), &kvikk).await).await;
        assert!(
            rows(&theirs).is_empty() && !theirs.contains("Lindqvist") && !theirs.contains("/staff/proposals/"),
            "{q}"
        );
    }
}

async fn a_bad_field_is_said_and_narrows_nothing(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    pending_proposal(&app).await;
    let agent = staff_session(&app, NORDLJUS_AGENT).await;
    let proposals = app.state.store.count("plan_proposals").await.unwrap();
    let long = format!("?q={}", "x".repeat(101));
    let cases = [
        ("?from=ten", "Write amounts as whole"),
        ("?to=-5", "Write amounts as whole"),
        ("?from=3000&to=1000", "The lowest amount is above the highest. Swap them or clear one."),
        ("?waited=2d", "Choose a waiting time from the list."),
        ("?kind=letters", "Choose a kind of item from the list."),
        (long.as_str(), "A search is one line of at most 100 characters"),
        ("?q=a%07b", "A search is one line of at most 100 characters"),
        ("?after=nonsense", "This page's link is out of date."),
        ("?after=1.a&before=1.a", "This page's link is out of date."),
    ];
    for (q, message) in cases {
        let r = en(&app, &format!("/staff/queue{q}"), &agent).await;
        assert_eq!(r.status(), 200, "{q}");
        let page = text(r).await;
        let error = marked(&page, "queue-form-error").unwrap_or_else(|| panic!("{q}: no error in {page}"));
        assert!(error.starts_with(message), "{q}: {error}");
        // The whole queue, not a list narrowed by half a form; no link carries the bad field on.
        assert_eq!(rows(&page), [ANNA.0], "{q}");
        let links: Vec<&str> = page.match_indices(r#"href="/staff/queue"#).map(|(at, _)| &page[at..at + 60]).collect();
        assert!(
            links.iter().all(|l| !l.contains("ten") && !l.contains("letters") && !l.contains("2d")),
            "{q}: {links:?}"
        );
    }
    // The field in error is marked so, and described by the error.
    let page = text(en(&app, "/staff/queue?from=1&to=ten", &agent).await).await;
    let to = &page[page.find(r#"id="queue-to""#).unwrap()..];
    let to = &to[..to.find('>').unwrap()];
    assert!(to.contains(r#"aria-invalid="true""#) && to.contains(r#"aria-describedby="queue-form-error""#), "{to}");
    let from = &page[page.find(r#"id="queue-from""#).unwrap()..];
    assert!(!from[..from.find('>').unwrap()].contains("aria-invalid"), "only the bad field");
    // A page whose items were all decided meanwhile says so and leads back to the first page.
    let gone = text(en(&app, "/staff/queue?after=4102444800.ffff", &agent).await).await;
    assert!(rows(&gone).is_empty() && gone.contains("Nothing is left on this page"), "{gone}");
    assert!(gone.contains(r#"href="/staff/queue" data-testid="queue-first""#), "{gone}");
    // In the agent's language.
    let r = app
        .client
        .get(format!("{}/staff/queue?waited=2d", app.base))
        .header("cookie", &agent)
        .header("accept-language", "sv")
        .send()
        .await
        .unwrap();
    let page = text(r).await;
    assert_eq!(marked(&page, "queue-form-error"), Some("Välj en väntetid i listan."));
    assert_eq!(app.state.store.count("plan_proposals").await.unwrap(), proposals, "reading changes nothing");
}

on_both_backends!(
    crate::app::db;
    an_agent_finds_an_item_by_what_they_know_of_it,
    a_bad_field_is_said_and_narrows_nothing,
);

//! Islands mode over real HTTP: only a page with an island carries the loader, once, and nothing
//! else in any page is script or preload (issue 7).
#![cfg(feature = "ssr")]

#[path = "support/app.rs"]
mod app;

use app::spawn_app;
use debtor_portal::server::demo;

const ANNA: (&str, &str) = ("40010001", "K7QM-4TXP");

fn count(page: &str, needle: &str) -> usize {
    page.matches(needle).count()
}

/// Every `<script …>…</script>` of a page: (opening tag, body).
fn scripts(page: &str) -> Vec<(&str, &str)> {
    page.match_indices("<script")
        .map(|(at, _)| {
            let rest = &page[at..];
            let tag_end = rest.find('>').expect("a closed tag") + 1;
            let body_end = rest.find("</script>").expect("a closed script");
            (&rest[..tag_end], &rest[tag_end..body_end])
        })
        .collect()
}

/// Leptos ends every page with inline data scripts and leptos_i18n leaves an empty `<script>`;
/// run or not, they load nothing. They must stay empty: data in them would mean something outside
/// an island was serialised for hydration.
fn is_empty_data(body: &str) -> bool {
    body.split_terminator(';').all(|stmt| stmt.starts_with("__") && stmt.ends_with("=[]") && !stmt.contains(' '))
}

/// The loaders on a page (module scripts); panics on any other script that is not empty data.
fn loaders<'a>(page: &'a str, path: &str) -> Vec<&'a str> {
    let mut found = Vec::new();
    for (tag, body) in scripts(page) {
        if tag.contains(r#"type="module""#) {
            found.push(body);
        } else {
            assert!(!tag.contains("src="), "{path}: a script that loads something: {tag}");
            assert!(is_empty_data(body), "{path}: an inline script with content: {tag}{body}");
        }
    }
    found
}

async fn pages_without_islands_carry_no_script_and_no_preload(db: app::db::TestDb) {
    let app = spawn_app(db).await;
    demo::seed(&app.state.store, app.today()).await.unwrap();
    let cookie = app.session(ANNA.0, ANNA.1).await;
    for path in ["/", "/?error=invalid_credentials", "/claims", "/claims/no-such-claim", "/no/such/page"] {
        let page = app.get_with_cookie(path, &cookie).await.text().await.unwrap();
        assert!(loaders(&page, path).is_empty(), "{path}: no loader without an island");
        for needle in ["preload", "leptos-island", ".wasm", "/pkg/debtor-portal.js"] {
            assert_eq!(count(&page, needle), 0, "{needle} on {path}:\n{page}");
        }
    }
}

async fn the_claim_page_loads_its_islands_once_with_their_strings_translated_on_the_server(db: app::db::TestDb) {
    let app = spawn_app(db).await;
    demo::seed(&app.state.store, app.today()).await.unwrap();
    let cookie = app.session(ANNA.0, ANNA.1).await;
    let id = app.state.store.claim_by_case_number(ANNA.0).await.unwrap().unwrap().id;
    let page = app.get_with_cookie(&format!("/claims/{id}"), &cookie).await.text().await.unwrap();
    let loaders = loaders(&page, "the claim page");
    assert_eq!(loaders.len(), 1, "one loader for every island:\n{page}");
    // Copy buttons are conveniences: the bundle waits for a first touch (the third argument).
    assert!(loaders[0].contains(r#"("/pkg/debtor-portal.js","/pkg/debtor-portal.wasm",true)"#), "{}", loaders[0]);
    assert_eq!(count(&page, "/pkg/debtor-portal.js"), 1, "the bundle is named by the loader only");
    assert_eq!(count(&page, "/pkg/debtor-portal.wasm"), 1);
    assert_eq!(count(&page, "preload"), 0, "no preload: with JavaScript off nothing is downloaded");
    assert_eq!(count(&page, "<leptos-island"), 4, "payee, reference, amount and date");
    assert!(page.contains("Kopiera ocr-nummer") && page.contains("Det gick inte att kopiera"), "{page}");
}

#[test]
fn only_empty_inline_data_passes_for_empty() {
    assert!(is_empty_data("") && is_empty_data("__RESOLVED_RESOURCES=[];__SERIALIZED_ERRORS=[];"));
    assert!(!is_empty_data(r#"__RESOLVED_RESOURCES=["{\"total\":1}"];"#));
    assert!(!is_empty_data("fetch('/x');"));
}

on_one_backend!(
    crate::app::db;
    pages_without_islands_carry_no_script_and_no_preload,
    the_claim_page_loads_its_islands_once_with_their_strings_translated_on_the_server,
);

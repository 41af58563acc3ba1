//! The work queue and the API's lists over `seed-load` data, on SQLite and PostgreSQL: read a page
//! at a time (keyset: `created_at`, then `id`), forwards and backwards, they list exactly what a plain
//! reading through each item's claim lists, once each and in order; the counts and every filter
//! agree with that reading, each kind counted exactly up to the queue's limit and said to be
//! beyond it past that; each item's copy of its claim's creditor is its claim's; and the
//! database reads each page from the item's `(creditor_id, state, created_at, id)` index.
#![cfg(feature = "ssr")]

#[path = "support/app.rs"]
mod app;
#[path = "support/cli.rs"]
mod cli;
#[path = "support/plan_forms.rs"]
mod plan_forms;
#[path = "support/staff_pages.rs"]
mod staff_pages;

use app::db::TestDb;
use cli::{run, seed_load, staff_of};
use debtor_portal::domain::decision::ItemKind;
use debtor_portal::domain::deferral::{DeferralReason, DeferralVerdict};
use debtor_portal::domain::ids::{ClaimId, CreditorId, DebtorId};
use debtor_portal::domain::work_queue::{QueueFilter, QueueForm, Tally, COUNTED_UP_TO};
use debtor_portal::server::clock::Instant;
use debtor_portal::server::store::{After, ApiList, Backend, DeferralRecorded, NewDeferral, PlanOf, QueueFrom, Store};
use staff_pages::{en, staff_session, text};

const TABLES: [&str; 4] = ["plan_proposals", "disputes", "deferrals", "review_requests"];

/// Which of the plain reading's items a filter should let through.
type Fits<'a> = Box<dyn Fn(&Item) -> bool + 'a>;

/// A waiting item as the plain reading gives it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
struct Item {
    kind: String,
    id: String,
    case_number: String,
    invoice: String,
    name: String,
    principal: i64,
    created_at: i64,
}

/// What waits for `creditor`, oldest first, read the plain way: through each item's claim.
async fn plain_reading(store: &Store, creditor: &CreditorId) -> Vec<Item> {
    let part = |kind: &str, table: &str, state: &str, more: &str| {
        format!(
            "SELECT '{kind}' AS kind, i.id AS id, c.case_number AS case_number, c.original_invoice AS invoice, \
             d.name AS name, c.principal AS principal, i.created_at AS created_at \
             FROM {table} i JOIN claims c ON c.id = i.claim_id JOIN debtors d ON d.id = c.debtor_id \
             WHERE c.creditor_id = $1 AND i.state = '{state}'{more}"
        )
    };
    let sql = [
        part("plan_proposal", "plan_proposals", "pending", " AND i.offered_by IS NULL"),
        part("dispute", "disputes", "open", ""),
        part("deferral", "deferrals", "pending", ""),
        part("review_request", "review_requests", "pending", ""),
    ]
    .join(" UNION ALL ");
    sqlx::query_as(&format!("{sql} ORDER BY created_at, id"))
        .bind(creditor.as_str())
        .fetch_all(store.pool())
        .await
        .unwrap()
}

fn filter(kind: &str, search: &str, from: &str, to: &str) -> QueueFilter {
    QueueFilter::from_form(&QueueForm { kind, search, waited: "", principal_from: from, principal_to: to }).unwrap()
}

/// Every page of the queue under `f`, `size` items to a page, read forwards from the first.
async fn pages(store: &Store, creditor: &CreditorId, f: &QueueFilter, size: usize, now: Instant) -> Vec<Vec<String>> {
    let (mut pages, mut from) = (Vec::new(), QueueFrom::First);
    loop {
        let page = store.queue_page(creditor, f, &from, size, now).await.unwrap();
        let last = page.entries.last().map(|e| After { created_at: e.created_at, id: e.id.clone() });
        pages.push(page.entries.iter().map(|e| e.id.clone()).collect());
        match (page.more, last) {
            (true, Some(mark)) => from = QueueFrom::After(mark),
            _ => return pages,
        }
    }
}

async fn pages_list_each_item_once_in_order_as_the_plain_reading_does(db: TestDb) {
    let app = app::spawn_app(db).await;
    seed_load(app.db_url(), "4000");
    let store = &app.state.store;
    // Each item's copy of its claim's creditor is its claim's.
    for table in TABLES {
        let sql = format!(
            "SELECT COUNT(*) FROM {table} i JOIN claims c ON c.id = i.claim_id \
             WHERE i.creditor_id IS NULL OR i.creditor_id <> c.creditor_id"
        );
        let (wrong,): (i64,) = sqlx::query_as(&sql).fetch_one(store.pool()).await.unwrap();
        assert_eq!(wrong, 0, "{table}");
    }
    let now = Instant::from_unix(app::TEST_NOW);
    let creditors: Vec<(String,)> =
        sqlx::query_as("SELECT id FROM creditors ORDER BY id").fetch_all(store.pool()).await.unwrap();
    let (mut listed, mut found) = (0, [0; 7]);
    for (creditor,) in creditors {
        let creditor: CreditorId = creditor.parse().unwrap();
        let plain = plain_reading(store, &creditor).await;
        listed += plain.len();
        // Forwards, three to a page: each item once, in order; the last page says no more follow.
        let forwards = pages(store, &creditor, &QueueFilter::default(), 3, now).await;
        let ids: Vec<String> = forwards.concat();
        assert_eq!(ids, plain.iter().map(|i| i.id.clone()).collect::<Vec<_>>());
        assert!(forwards[..forwards.len() - 1].iter().all(|p| p.len() == 3));
        // Backwards from each page's first item: the page before it, and "more" only before the first.
        for n in 1..forwards.len() {
            let first = plain.iter().find(|i| i.id == forwards[n][0]).unwrap();
            let mark = After { created_at: Instant::from_unix(first.created_at), id: first.id.clone() };
            let back = store.queue_page(&creditor, &QueueFilter::default(), &QueueFrom::Before(mark), 3, now).await;
            let back = back.unwrap();
            assert_eq!(back.entries.iter().map(|e| e.id.clone()).collect::<Vec<_>>(), forwards[n - 1]);
            assert_eq!(back.more, n > 1, "page {n}");
        }
        // The counts, whole and by kind.
        let counts = store.queue_counts(&creditor, &QueueFilter::default(), now).await.unwrap();
        for (kind, n) in counts {
            assert_eq!(n, Tally::of(plain.iter().filter(|i| i.kind == kind.as_str()).count()), "{kind:?}");
        }
        // Each filter lists what the plain reading's items that fit it are.
        let Some(third) = plain.get(2) else { continue };
        let mut principals: Vec<i64> = plain.iter().map(|i| i.principal).collect();
        principals.sort();
        let (low, high) = (principals[principals.len() / 4], principals[principals.len() * 3 / 4]);
        let (low_text, high_text) =
            (format!("{}.{:02}", low / 100, low % 100), format!("{}.{:02}", high / 100, high % 100));
        let cases: Vec<(QueueFilter, Fits<'_>)> = vec![
            (filter("dispute", "", "", ""), Box::new(|i: &Item| i.kind == "dispute")),
            (filter("", &third.case_number, "", ""), Box::new(|i: &Item| i.case_number == third.case_number)),
            (filter("", &third.invoice, "", ""), Box::new(|i: &Item| i.invoice == third.invoice)),
            // Part of a name in another case, a letter outside ASCII among them.
            (filter("", "SJÖb", "", ""), Box::new(|i: &Item| i.name.to_lowercase().contains("sjöb"))),
            (filter("", "ERIK ", "", ""), Box::new(|i: &Item| i.name.to_lowercase().contains("erik"))),
            (filter("", "", &low_text, &high_text), Box::new(move |i: &Item| (low..=high).contains(&i.principal))),
            (
                filter("plan_proposal", "a", &low_text, ""),
                Box::new(move |i: &Item| {
                    i.kind == "plan_proposal" && i.principal >= low && i.name.to_lowercase().contains('a')
                }),
            ),
        ];
        for (n, (f, fits)) in cases.into_iter().enumerate() {
            let expected: Vec<String> = plain.iter().filter(|i| fits(i)).map(|i| i.id.clone()).collect();
            found[n] += expected.len();
            assert_eq!(pages(store, &creditor, &f, 4, now).await.concat(), expected, "{f:?}");
            let counted = store.queue_counts(&creditor, &f, now).await.unwrap();
            let counted = counted.iter().fold(Tally::of(0), |sum, c| sum.plus(c.1));
            assert_eq!(counted, Tally::Exactly(plain.iter().filter(|i| fits_but_kind(&f, i, &fits)).count()), "{f:?}");
        }
    }
    assert!(listed > 60, "enough waiting items to page through: {listed}");
    assert!(found.iter().all(|n| *n > 0), "every filter finds something somewhere: {found:?}");
}

/// Whether `i` fits `f` with its kind set aside (the counts count every kind).
fn fits_but_kind(f: &QueueFilter, i: &Item, fits: &dyn Fn(&Item) -> bool) -> bool {
    match f.kind() {
        None => fits(i),
        Some(kind) => {
            let as_kind = Item { kind: kind.as_str().to_owned(), ..i.clone() };
            fits(&as_kind)
        }
    }
}

/// Whether every line of a plan reads the tables through an index, and which indexes it names.
fn indexed(backend: Backend, plan: &[String]) -> Result<Vec<String>, String> {
    let text = plan.join("\n");
    let mut used = Vec::new();
    for line in plan {
        let scan = match backend {
            // "SCAN i" is a whole table read; "SCAN part0" is a subquery's rows, already limited.
            // "SCAN counted_dispute" too: a subquery's rows, limited.
            Backend::Sqlite => {
                let mut words = line.trim_start_matches(|c: char| !c.is_alphabetic()).split_whitespace();
                words.next() == Some("SCAN")
                    && words.next().is_some_and(|t| ["i", "c", "d"].contains(&t))
                    && !line.contains("INDEX")
            }
            Backend::Postgres => line.contains("Seq Scan"),
        };
        if scan {
            return Err(text);
        }
        for table in TABLES {
            let name = format!("{table}_work");
            if line.contains(&name) && !used.contains(&name) {
                used.push(name);
            }
        }
    }
    Ok(used)
}

async fn each_page_reads_its_index(db: TestDb) {
    let app = app::spawn_app(db).await;
    // `explain-lists` on a database with nothing waiting says what to do first.
    let out = run(app.db_url(), &["explain-lists"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("load data first (seed-load)"));
    seed_load(app.db_url(), "1000");
    // With data, it prints each list's plan, as the database would run it now.
    let out = run(app.db_url(), &["explain-lists"]);
    let printed = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    for section in ["== work queue, first page", "== work queue, the page after it: the counts", "== API disputes"] {
        assert!(printed.contains(section), "{section}: {printed}");
    }
    assert!(printed.contains("plan_proposals_work"), "{printed}");
    let store = &app.state.store;
    let backend = store.backend();
    let now = Instant::from_unix(app::TEST_NOW);
    let (creditor,): (String,) =
        sqlx::query_as("SELECT id FROM creditors ORDER BY id LIMIT 1").fetch_one(store.pool()).await.unwrap();
    let creditor: CreditorId = creditor.parse().unwrap();
    let deep = After { created_at: now, id: "0".into() };
    let every: Vec<String> = TABLES.iter().map(|t| format!("{t}_work")).collect();
    for (f, from) in [
        (QueueFilter::default(), QueueFrom::First),
        (QueueFilter::default(), QueueFrom::After(deep.clone())),
        (QueueFilter::default(), QueueFrom::Before(deep.clone())),
        (filter("", "Berg", "100", "50000"), QueueFrom::After(deep.clone())),
    ] {
        let [page, counts] = store.explain_queue(&creditor, &f, &from, now, PlanOf::IndexIfAny).await.unwrap();
        assert_eq!(indexed(backend, &page).unwrap(), every, "the page, {f:?} {from:?}:\n{}", page.join("\n"));
        // Counting may take any index that finds the items (at this size PostgreSQL counts open
        // disputes through `disputes_one_open`); none reads a whole table.
        assert!(indexed(backend, &counts).is_ok(), "the counts:\n{}", counts.join("\n"));
    }
    for (list, state, index) in
        [(ApiList::Proposals, "pending", "plan_proposals_work"), (ApiList::Disputes, "open", "disputes_work")]
    {
        for after in [None, Some(&deep)] {
            let plan = store.explain_api_list(list, &creditor, state, after, PlanOf::IndexIfAny).await.unwrap();
            assert_eq!(indexed(backend, &plan).unwrap(), [index], "{list:?}:\n{}", plan.join("\n"));
        }
    }
}

/// Adds pending deferrals on `creditor`'s claims that have none until `n` wait.
async fn deferrals_waiting(store: &Store, creditor: &CreditorId, n: usize) {
    let waiting = || async {
        let (w,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM deferrals WHERE creditor_id = $1 AND state = 'pending'")
                .bind(creditor.as_str())
                .fetch_one(store.pool())
                .await
                .unwrap();
        w as usize
    };
    let missing = n - waiting().await;
    let claims: Vec<(String, String)> = sqlx::query_as(
        "SELECT c.id, c.debtor_id FROM claims c WHERE c.creditor_id = $1 AND NOT EXISTS \
         (SELECT 1 FROM deferrals d WHERE d.claim_id = c.id AND d.state = 'pending') ORDER BY c.id LIMIT $2",
    )
    .bind(creditor.as_str())
    .bind(missing as i64)
    .fetch_all(store.pool())
    .await
    .unwrap();
    assert_eq!(claims.len(), missing, "claims enough for {n} deferrals");
    // Written as a debtor's request beyond the creditor's policy is: through the store.
    let verdict = DeferralVerdict::WaitsForCreditor(vec![DeferralReason::BeyondPolicy]);
    let date = |d: &str| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
    for (claim, debtor) in claims {
        let (claim_id, debtor_id): (ClaimId, DebtorId) = (claim.parse().unwrap(), debtor.parse().unwrap());
        let new = NewDeferral {
            claim_id: &claim_id,
            debtor_id: &debtor_id,
            pay_by_before: date("2026-12-01"),
            requested: date("2026-12-20"),
            verdict: &verdict,
        };
        assert!(matches!(store.record_deferral(new).await.unwrap(), DeferralRecorded::Created(_)));
    }
    assert_eq!(waiting().await, n);
}

async fn each_kind_is_counted_up_to_the_limit_and_beyond_it_says_so(db: TestDb) {
    let app = app::spawn_app(db).await;
    let printed = String::from_utf8(seed_load(app.db_url(), "4000").stdout).unwrap();
    let store = &app.state.store;
    let now = Instant::from_unix(app::TEST_NOW);
    let (creditor,): (String,) = sqlx::query_as(
        "SELECT creditor_id FROM claims GROUP BY creditor_id ORDER BY COUNT(*) DESC, creditor_id LIMIT 1",
    )
    .fetch_one(store.pool())
    .await
    .unwrap();
    let creditor: CreditorId = creditor.parse().unwrap();
    let deferrals = |counts: Vec<(ItemKind, Tally)>| counts.into_iter().find(|c| c.0 == ItemKind::Deferral).unwrap().1;
    let all = QueueFilter::default();
    deferrals_waiting(store, &creditor, COUNTED_UP_TO).await;
    assert_eq!(deferrals(store.queue_counts(&creditor, &all, now).await.unwrap()), Tally::Exactly(1000));
    deferrals_waiting(store, &creditor, COUNTED_UP_TO + 1).await;
    let counts = store.queue_counts(&creditor, &all, now).await.unwrap();
    assert_eq!(deferrals(counts.clone()), Tally::Beyond);
    // The other kinds are still counted exactly, as the plain reading counts them.
    let plain = plain_reading(store, &creditor).await;
    for (kind, n) in counts.into_iter().filter(|c| c.0 != ItemKind::Deferral) {
        assert_eq!(n, Tally::of(plain.iter().filter(|i| i.kind == kind.as_str()).count()), "{kind:?}");
    }
    // A search brings the number back within the count.
    let one = plain.iter().find(|i| i.kind == "deferral").unwrap();
    let found = store.queue_counts(&creditor, &filter("", &one.case_number, "", ""), now).await.unwrap();
    assert_eq!(deferrals(found), Tally::Exactly(1));
    // The pages still list every one, once.
    let listed: usize =
        pages(store, &creditor, &filter("deferral", "", "", ""), 50, now).await.iter().map(Vec::len).sum();
    assert_eq!(listed, COUNTED_UP_TO + 1);
    // The creditor's agent reads "1000+", and a link so counted is described by what it means.
    let name = store.creditor(&creditor).await.unwrap().unwrap().name;
    let (_, email, password) =
        staff_of(&printed, &name).into_iter().find(|(role, _, _)| role == "agent").expect("an agent printed");
    let agent = staff_session(&app, (&email, &password)).await;
    let queue = text(en(&app, "/staff/queue", &agent).await).await;
    let beyond = r#"aria-describedby="queue-counts-beyond" data-count="1000+">Deferral requests (1000+)<"#;
    assert!(queue.contains(beyond) && queue.contains(r#"data-count="1000+">All (1000+)<"#), "{queue}");
    assert!(queue.contains(r#"id="queue-counts-beyond""#) && queue.contains("counts up to 1000 of a kind"));
}

on_both_backends!(
    crate::app::db;
    pages_list_each_item_once_in_order_as_the_plain_reading_does,
    each_page_reads_its_index,
    each_kind_is_counted_up_to_the_limit_and_beyond_it_says_so,
);

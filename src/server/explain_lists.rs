//! `debtor-portal explain-lists`: the database's own plans, on the data it holds now, for the
//! staff work queue (its first page, the page after it, a search and the counts) and the API's two
//! lists, for the creditor with the most waiting items. `bench/load` prints them at a million
//! claims; an operator can see the same on their own database after an upgrade.

use super::clock::Clock;
use super::store::{After, ApiList, PlanOf, QueueFrom, Store};
use crate::domain::work_queue::{QueueFilter, QueueForm, QUEUE_PAGE_SIZE};

pub async fn run(store: &Store, clock: &Clock) -> Result<(), String> {
    let now = clock.now();
    let err = |e: super::store::StoreError| e.to_string();
    let creditor = store
        .creditor_with_most_proposals_waiting()
        .await
        .map_err(err)?
        .ok_or("no plan proposal waits for any creditor: load data first (seed-load)")?;
    let first = store.queue_page(&creditor, &QueueFilter::default(), &QueueFrom::First, QUEUE_PAGE_SIZE, now).await;
    let last = first.map_err(err)?.entries.last().map(|e| After { created_at: e.created_at, id: e.id.clone() });
    let next = last.clone().map_or(QueueFrom::First, QueueFrom::After);
    let search = QueueFilter::from_form(&QueueForm { search: "Berg", principal_from: "1000", ..QueueForm::default() })
        .map_err(|e| e.to_string())?;
    println!("creditor {creditor}");
    for (what, filter, from) in [
        ("work queue, first page", QueueFilter::default(), QueueFrom::First),
        ("work queue, the page after it", QueueFilter::default(), next.clone()),
        ("work queue, \"Berg\" from 1000, the page after the first", search, next),
    ] {
        let [page, counts] = store.explain_queue(&creditor, &filter, &from, now, PlanOf::AsIs).await.map_err(err)?;
        print_plan(what, &page);
        print_plan(&format!("{what}: the counts"), &counts);
    }
    for (what, list, state) in [
        ("API plan proposals, the page after the first", ApiList::Proposals, "pending"),
        ("API disputes, the page after the first", ApiList::Disputes, "open"),
    ] {
        let plan = store.explain_api_list(list, &creditor, state, last.as_ref(), PlanOf::AsIs).await.map_err(err)?;
        print_plan(what, &plan);
    }
    Ok(())
}

fn print_plan(what: &str, lines: &[String]) {
    println!("\n== {what}");
    for line in lines {
        println!("   {line}");
    }
}

//! `/staff/queue`: everything of the staff member's creditor that waits for a person, oldest
//! first, with how many of each kind and how long the oldest has waited. `?kind=` narrows the list.

use leptos::prelude::*;
use leptos_router::params::Params;

use crate::components::data_page::DataPage;
use crate::components::returned::{returned, Lenient};
use crate::components::staff_bar::{waiting, StaffBar};
use crate::domain::decision::ItemKind;
use crate::error::AppError;
use crate::i18n::*;
use crate::pages::staff_rates::RateMissing;
use crate::staff_data::QueuePageData;

/// `?kind=`: the one kind of work to list. An unknown kind in the address shows everything rather
/// than an empty list.
#[derive(Params, Clone, Default, PartialEq)]
struct QueueFilter {
    kind: Lenient<ItemKind>,
}

/// The queue of the signed-in staff member's creditor: one kind of work, or all (`None`).
#[server(endpoint = "staff_queue")]
pub async fn load_staff_queue(kind: Option<ItemKind>) -> Result<QueuePageData, AppError> {
    use crate::server::app_context::app_context;
    use crate::server::{auth::current_staff, clock::Clock, staff::queue::queue_page, store::Store};
    let who = current_staff().await?;
    let store = app_context::<Store>()?;
    let clock = app_context::<Clock>()?;
    queue_page(&store, &who, kind, clock.now()).await
}

pub fn kind_label(locale: Locale, kind: ItemKind) -> String {
    match kind {
        ItemKind::PlanProposal => td_string!(locale, queue_kind_plan_proposal).to_string(),
        ItemKind::Dispute => td_string!(locale, queue_kind_dispute).to_string(),
        ItemKind::Deferral => td_string!(locale, queue_kind_deferral).to_string(),
        ItemKind::ReviewRequest => td_string!(locale, queue_kind_review_request).to_string(),
    }
}

#[component]
pub fn StaffQueuePage() -> impl IntoView {
    let i18n = use_i18n();
    let kind = returned::<QueueFilter>().kind.0;
    let data = Resource::new(move || kind, load_staff_queue);
    view! {
        <DataPage title=t_string!(i18n, queue_title).to_string() staff=true data let:d>
            <QueueBody data=d/>
        </DataPage>
    }
}

#[component]
fn QueueBody(data: QueuePageData) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let current = returned::<QueueFilter>().kind.0;
    let QueuePageData { header, counts, items, oldest_hours, arrears, rate_missing } = data;
    let arrears = (!arrears.is_empty()).then(|| {
        let rows = arrears
            .iter()
            .map(|a| {
                view! {
                    <li data-testid="queue-arrears" data-case=a.case_number.clone()>
                        <a href=format!("/staff/proposals/{}#plan-standing", a.proposal_id)>{a.case_number.clone()}</a>
                        " – "{a.debtor_name.clone()}" – "
                        {t_string!(i18n, queue_plan_in_arrears, date = crate::components::format::date(locale, a.since)).to_string()}
                    </li>
                }
            })
            .collect_view();
        view! {
            <section class="card" aria-labelledby="queue-arrears-title">
                <h2 id="queue-arrears-title">{t!(i18n, queue_arrears_title)}</h2>
                <ul class="queue-arrears">{rows}</ul>
            </section>
        }
    });
    let total: usize = counts.iter().map(|(_, n)| n).sum();
    let filter = |href: String, label: String, n: usize, on: bool| {
        view! {
            <li><a href=href aria-current=on.then_some("page") data-count=n.to_string()>{format!("{label} ({n})")}</a></li>
        }
    };
    let filters = std::iter::once(filter(
        "/staff/queue".into(),
        t_string!(i18n, queue_all).to_string(),
        total,
        current.is_none(),
    ))
    .chain(counts.iter().map(|(k, n)| {
        filter(format!("/staff/queue?kind={}", k.as_str()), kind_label(locale, *k), *n, current == Some(*k))
    }))
    .collect_view();
    let oldest = oldest_hours.map(|h| {
        view! { <p data-testid="queue-oldest">{t_string!(i18n, queue_oldest, age = waiting(locale, h)).to_string()}</p> }
    });
    let rows = items
        .iter()
        .map(|item| {
            let open = match item.kind {
                ItemKind::PlanProposal => format!("/staff/proposals/{}", item.id),
                ItemKind::Dispute => format!("/staff/disputes/{}", item.id),
                ItemKind::Deferral => format!("/staff/deferrals/{}", item.id),
                ItemKind::ReviewRequest => format!("/staff/reviews/{}", item.id),
            };
            let case = view! { <a href=open>{item.case_number.clone()}</a> };
            view! {
                <tr data-testid="queue-item" data-kind=item.kind.as_str()>
                    <td>{kind_label(locale, item.kind)}</td>
                    <td>{case}</td>
                    <td>{item.debtor_name.clone()}</td>
                    <td>{waiting(locale, item.waiting_hours)}</td>
                </tr>
            }
        })
        .collect_view();
    let empty = items.is_empty();
    view! {
        <StaffBar header=header/>
        <h1>{t!(i18n, queue_title)}</h1>
        {rate_missing.map(|from| view! { <RateMissing from/> })}
        <nav aria-label=t_string!(i18n, queue_counts_label).to_string()>
            <ul class="queue-filters">{filters}</ul>
        </nav>
        {oldest}
        {arrears}
        {if empty {
            view! { <p class="notice ok" data-testid="queue-empty">{t!(i18n, queue_empty)}</p> }.into_any()
        } else {
            view! {
                <div class="table-scroll" tabindex="0" role="region" aria-labelledby="queue-caption">
                    <table class="queue">
                        <caption id="queue-caption">{t!(i18n, queue_caption)}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{t!(i18n, queue_col_kind)}</th>
                                <th scope="col">{t!(i18n, queue_col_case)}</th>
                                <th scope="col">{t!(i18n, queue_col_debtor)}</th>
                                <th scope="col">{t!(i18n, queue_col_waiting)}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }.into_any()
        }}
    }
}

//! `/staff/queue`: everything of the staff member's creditor that waits for a person, oldest
//! first, fifty to a page, with how many of each kind and how long the oldest has waited. The
//! form narrows it (a search by case number, invoice number or name; the kind; how long an item has
//! waited; the claim's principal from and to); it is a plain GET form, so it works without
//! JavaScript and every page of a search has its own address.

use leptos::prelude::*;
use leptos_router::params::Params;

use crate::components::data_page::DataPage;
use crate::components::format::money;
use crate::components::labels;
use crate::components::returned::returned;
use crate::components::staff_bar::{waiting, StaffBar};
use crate::domain::decision::ItemKind;
use crate::domain::work_queue::{QueueAsk, Tally, Waited, COUNTED_UP_TO, MAX_SEARCH_CHARS};
use crate::error::AppError;
use crate::i18n::*;
use crate::pages::staff_rates::RateMissing;
use crate::staff_data::{QueueFormFields, QueueItem, QueuePageData};

/// The address's query: the form's fields and where the page starts. Read as text: the server
/// checks them and says what is wrong.
#[derive(Params, Clone, Default, PartialEq)]
struct QueueAddress {
    kind: Option<String>,
    q: Option<String>,
    waited: Option<String>,
    from: Option<String>,
    to: Option<String>,
    after: Option<String>,
    before: Option<String>,
}

impl QueueAddress {
    fn fields(&self) -> QueueFormFields {
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        QueueFormFields {
            kind: text(&self.kind),
            search: text(&self.q),
            waited: text(&self.waited),
            principal_from: text(&self.from),
            principal_to: text(&self.to),
        }
    }
}

/// The queue of the signed-in staff member's creditor, narrowed by `form`, from `after` or
/// `before` a listed item. Every argument may be left out: the whole queue's first page.
#[server(endpoint = "staff_queue")]
pub async fn load_staff_queue(
    #[server(default)] form: QueueFormFields,
    after: Option<String>,
    before: Option<String>,
) -> Result<QueuePageData, AppError> {
    use crate::server::app_context::app_context;
    use crate::server::staff::queue::{queue_page, QueueAt};
    use crate::server::{auth::current_staff, clock::Clock, store::Store};
    crate::server::app_context::answered(async move {
        let who = current_staff().await?;
        let store = app_context::<Store>()?;
        let clock = app_context::<Clock>()?;
        queue_page(&store, &who, form, QueueAt { after, before }, clock.now()).await
    })
    .await
}

pub fn kind_label(locale: Locale, kind: ItemKind) -> String {
    match kind {
        ItemKind::PlanProposal => td_string!(locale, queue_kind_plan_proposal).to_string(),
        ItemKind::Dispute => td_string!(locale, queue_kind_dispute).to_string(),
        ItemKind::Deferral => td_string!(locale, queue_kind_deferral).to_string(),
        ItemKind::ReviewRequest => td_string!(locale, queue_kind_review_request).to_string(),
    }
}

/// One row's kind (the filters' labels are plurals: "Disputes (3)").
fn row_kind_label(locale: Locale, kind: ItemKind) -> String {
    match kind {
        ItemKind::PlanProposal => td_string!(locale, queue_row_kind_plan_proposal).to_string(),
        ItemKind::Dispute => td_string!(locale, queue_row_kind_dispute).to_string(),
        ItemKind::Deferral => td_string!(locale, queue_row_kind_deferral).to_string(),
        ItemKind::ReviewRequest => td_string!(locale, queue_row_kind_review_request).to_string(),
    }
}

fn waited_label(locale: Locale, w: Waited) -> String {
    match w {
        Waited::Day => td_string!(locale, queue_waited_1d).to_string(),
        Waited::ThreeDays => td_string!(locale, queue_waited_3d).to_string(),
        Waited::Week => td_string!(locale, queue_waited_7d).to_string(),
        Waited::Month => td_string!(locale, queue_waited_30d).to_string(),
    }
}

/// `/staff/queue` with the form's fields that are filled in and `extra` (a kind, a page's start).
fn address(form: &QueueFormFields, kind: Option<&str>, extra: Option<(&str, &str)>) -> String {
    let kind = kind.unwrap_or(form.kind.as_str());
    let fields = [
        ("kind", kind),
        ("q", form.search.as_str()),
        ("waited", form.waited.as_str()),
        ("from", form.principal_from.as_str()),
        ("to", form.principal_to.as_str()),
    ];
    let pairs: Vec<String> = fields
        .into_iter()
        .chain(extra)
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| format!("{k}={}", crate::query_encoding::encode_component(v.trim())))
        .collect();
    if pairs.is_empty() {
        "/staff/queue".to_owned()
    } else {
        format!("/staff/queue?{}", pairs.join("&"))
    }
}

#[component]
pub fn StaffQueuePage() -> impl IntoView {
    let i18n = use_i18n();
    let at = returned::<QueueAddress>();
    let args = (at.fields(), at.after.clone(), at.before.clone());
    let data = Resource::new(move || args.clone(), |(form, after, before)| load_staff_queue(form, after, before));
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
    let QueuePageData {
        header,
        currency,
        form,
        form_error,
        narrowed,
        counts,
        items,
        before,
        after,
        paged,
        oldest_hours,
        arrears,
        rate_missing,
    } = data;
    let current: Option<ItemKind> = form.kind.parse().ok().filter(|_| form_error.is_none());
    // The form shows what was typed; the links carry only a form that could be used (a bad field
    // in every link would bring its error back on every page).
    let shown = form.clone();
    let form = if form_error.is_some() { QueueFormFields::default() } else { form };
    let arrears = (!arrears.is_empty()).then(|| {
        let listed = arrears.len();
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
        let capped = (listed >= crate::domain::work_queue::ARREARS_LISTED)
            .then(|| view! { <p class="hint">{t_string!(i18n, queue_arrears_oldest, n = listed).to_string()}</p> });
        view! {
            <section class="card" aria-labelledby="queue-arrears-title">
                <h2 id="queue-arrears-title">{t!(i18n, queue_arrears_title)}</h2>
                <ul class="queue-arrears">{rows}</ul>
                {capped}
            </section>
        }
    });
    let total = counts.iter().fold(Tally::of(0), |sum, (_, n)| sum.plus(*n));
    // A "1000+" link is described by the hint that says what it means.
    let filter = |href: String, label: String, n: Tally, on: bool| {
        let described = (n == Tally::Beyond).then_some("queue-counts-beyond");
        let n = n.shown();
        view! {
            <li><a href=href aria-current=on.then_some("page") aria-describedby=described data-count=n.clone()>{format!("{label} ({n})")}</a></li>
        }
    };
    let beyond = counts.iter().any(|(_, n)| *n == Tally::Beyond).then(|| {
        view! { <p class="hint" id="queue-counts-beyond" data-testid="queue-counts-beyond">{t_string!(i18n, queue_counts_beyond, n = COUNTED_UP_TO).to_string()}</p> }
    });
    let all_href = address(&form, Some(""), None);
    let filters = std::iter::once(filter(all_href, t_string!(i18n, queue_all).to_string(), total, current.is_none()))
        .chain(counts.iter().map(|(k, n)| {
            filter(address(&form, Some(k.as_str()), None), kind_label(locale, *k), *n, current == Some(*k))
        }))
        .collect_view();
    let oldest = oldest_hours.map(|h| {
        view! { <p data-testid="queue-oldest">{t_string!(i18n, queue_oldest, age = waiting(locale, h)).to_string()}</p> }
    });
    let rows = items.iter().map(|item| queue_row(locale, item, currency)).collect_view();
    // A page read from a link whose items were decided meanwhile is empty: the way back is the first.
    let stale = paged && items.is_empty();
    let pages = (before.is_some() || after.is_some() || stale).then(|| {
        let first = (before.is_some() || stale).then(|| {
            view! { <li><a href=address(&form, None, None) data-testid="queue-first">{t!(i18n, queue_first_page)}</a></li> }
        });
        let previous = before.as_ref().map(|b| {
            view! { <li><a href=address(&form, None, Some(("before", b))) rel="prev" data-testid="queue-previous">{t!(i18n, queue_previous_page)}</a></li> }
        });
        let next = after.as_ref().map(|a| {
            view! { <li><a href=address(&form, None, Some(("after", a))) rel="next" data-testid="queue-next">{t!(i18n, queue_next_page)}</a></li> }
        });
        view! {
            <nav aria-label=t_string!(i18n, queue_pages_label).to_string()>
                <ul class="queue-pages">{first}{previous}{next}</ul>
            </nav>
        }
    });
    let empty = items.is_empty();
    let counts_label = if narrowed {
        t_string!(i18n, queue_counts_matching_label).to_string()
    } else {
        t_string!(i18n, queue_counts_label).to_string()
    };
    view! {
        <StaffBar header=header/>
        <h1>{t!(i18n, queue_title)}</h1>
        {rate_missing.map(|from| view! { <RateMissing from/> })}
        <QueueForm form=shown error=form_error/>
        <nav aria-label=counts_label>
            <ul class="queue-filters">{filters}</ul>
            {beyond}
        </nav>
        {oldest}
        {arrears}
        {if stale {
            view! { <p class="notice" data-testid="queue-empty">{t!(i18n, queue_page_empty)}</p> }.into_any()
        } else if empty && narrowed {
            view! { <p class="notice" data-testid="queue-empty">{t!(i18n, queue_none_match)}</p> }.into_any()
        } else if empty {
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
                                <th scope="col" class="amount">{t!(i18n, queue_col_principal)}</th>
                                <th scope="col">{t!(i18n, queue_col_asks)}</th>
                                <th scope="col">{t!(i18n, queue_col_waiting)}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }.into_any()
        }}
        {pages}
    }
}

fn queue_row(locale: Locale, item: &QueueItem, currency: crate::domain::Currency) -> impl IntoView {
    let open = match item.kind {
        ItemKind::PlanProposal => format!("/staff/proposals/{}", item.id),
        ItemKind::Dispute => format!("/staff/disputes/{}", item.id),
        ItemKind::Deferral => format!("/staff/deferrals/{}", item.id),
        ItemKind::ReviewRequest => format!("/staff/reviews/{}", item.id),
    };
    let asks = match &item.asks {
        QueueAsk::Plan { installment, total } => td_string!(
            locale,
            queue_asks_plan,
            amount = money(locale, *installment, currency),
            total = money(locale, *total, currency)
        )
        .to_string(),
        QueueAsk::DisputeAmount(amount) => {
            td_string!(locale, queue_asks_disputed, amount = money(locale, *amount, currency)).to_string()
        }
        QueueAsk::DisputeWhole => td_string!(locale, queue_asks_whole).to_string(),
        QueueAsk::DisputeFee => td_string!(locale, queue_asks_fee).to_string(),
        QueueAsk::Deferral { pay_by } => {
            td_string!(locale, queue_asks_deferral, date = crate::components::format::date(locale, *pay_by)).to_string()
        }
        QueueAsk::Review => td_string!(locale, queue_asks_review).to_string(),
    };
    view! {
        <tr data-testid="queue-item" data-kind=item.kind.as_str() data-case=item.case_number.clone()>
            <td>{row_kind_label(locale, item.kind)}</td>
            <td><a href=open>{item.case_number.clone()}</a></td>
            <td>{item.debtor_name.clone()}</td>
            <td class="amount" data-testid="queue-principal">{money(locale, item.principal, currency)}</td>
            <td data-testid="queue-asks">{asks}</td>
            <td>{waiting(locale, item.waiting_hours)}</td>
        </tr>
    }
}

/// The queue's search form: a GET form, so its answer is an address to keep, share or go back to.
#[component]
fn QueueForm(form: QueueFormFields, error: Option<crate::error::ErrorCode>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let kinds = ItemKind::ALL
        .iter()
        .map(|k| view! { <option value=k.as_str() selected=form.kind == k.as_str()>{kind_label(locale, *k)}</option> })
        .collect_view();
    let ages = Waited::ALL
        .iter()
        .map(|w| view! { <option value=w.as_str() selected=form.waited == w.as_str()>{waited_label(locale, *w)}</option> })
        .collect_view();
    // The error names its field to a screen reader: the field is invalid and described by it.
    let bad = |field: &str| {
        use crate::domain::InputError as E;
        let amount_bad = |text: &str| crate::domain::form_amount(text).is_err();
        match error {
            Some(crate::error::ErrorCode::Input(e)) => match (e, field) {
                (E::SearchInvalid, "q") | (E::QueueKindInvalid, "kind") | (E::WaitedInvalid, "waited") => true,
                (E::AmountRangeInverted, "from" | "to") => true,
                (E::AmountInvalid, "from") => amount_bad(&form.principal_from),
                (E::AmountInvalid, "to") => amount_bad(&form.principal_to),
                _ => false,
            },
            _ => false,
        }
    };
    let invalid = |field: &str| bad(field).then_some("true");
    let described = |field: &str| bad(field).then_some("queue-form-error");
    let error = error.map(|code| {
        view! { <p class="notice error" role="alert" id="queue-form-error" data-testid="queue-form-error">{labels::error(locale, code, 15)}</p> }
    });
    view! {
        <section class="card queue-search" aria-labelledby="queue-search-title">
            <h2 id="queue-search-title">{t!(i18n, queue_filter_title)}</h2>
            {error}
            <form method="get" action="/staff/queue" class="queue-form" role="search">
                <div class="field wide">
                    <label for="queue-q">{t!(i18n, queue_search_label)}</label>
                    <input id="queue-q" name="q" type="search" value=form.search.clone() aria-invalid=invalid("q") aria-describedby=described("q") maxlength=MAX_SEARCH_CHARS.to_string() autocomplete="off"/>
                </div>
                <div class="field">
                    <label for="queue-kind">{t!(i18n, queue_kind_label)}</label>
                    <select id="queue-kind" name="kind" aria-invalid=invalid("kind") aria-describedby=described("kind")>
                        <option value="">{t!(i18n, queue_kind_any)}</option>
                        {kinds}
                    </select>
                </div>
                <div class="field">
                    <label for="queue-waited">{t!(i18n, queue_waited_label)}</label>
                    <select id="queue-waited" name="waited" aria-invalid=invalid("waited") aria-describedby=described("waited")>
                        <option value="">{t!(i18n, queue_waited_any)}</option>
                        {ages}
                    </select>
                </div>
                <div class="field">
                    <label for="queue-from">{t!(i18n, queue_principal_from)}</label>
                    <input id="queue-from" name="from" inputmode="decimal" value=form.principal_from.clone() aria-invalid=invalid("from") aria-describedby=described("from") autocomplete="off" size="10"/>
                </div>
                <div class="field">
                    <label for="queue-to">{t!(i18n, queue_principal_to)}</label>
                    <input id="queue-to" name="to" inputmode="decimal" value=form.principal_to.clone() aria-invalid=invalid("to") aria-describedby=described("to") autocomplete="off" size="10"/>
                </div>
                <div class="buttons">
                    <button type="submit" class="primary">{t!(i18n, queue_search_button)}</button>
                    <a href="/staff/queue" data-testid="queue-clear">{t!(i18n, queue_clear)}</a>
                </div>
            </form>
        </section>
    }
}

//! The frame of a staff decision screen: a skip link to the decision, and the claim and the debtor's
//! situation that sit beside the item and its decision form on a desktop (below them on a phone).

use leptos::prelude::*;

use super::claim_today::ClaimToday;
use super::decisions::ClaimHistory;
use super::labels;
use super::staff_bar::StaffDocumentLink;
use crate::components::format;
use crate::domain::statement::Statement;
use crate::domain::Currency;
use crate::i18n::*;
use crate::staff_data::{HardshipSummary, ShownDecision};

/// Where "Go to the decision" leads: the decision form's first field while the item waits (a link to
/// a field focuses it, so the next keys type or choose), else the decision section, which shows what
/// was decided.
pub fn decision_target(pending: bool, first_field: &str) -> String {
    if pending {
        first_field.to_owned()
    } else {
        DECISION_SECTION.to_owned()
    }
}

/// The id of every decision screen's decision section (focusable, so a link to it moves focus).
pub const DECISION_SECTION: &str = "decision-section";

/// A skip link, visible when focused, that takes a keyboard user past the staff bar and the item's
/// details to the decision (`target`, an element id on the page).
#[component]
pub fn ToDecision(target: String) -> impl IntoView {
    let i18n = use_i18n();
    view! { <a class="skip-link" href=format!("#{target}") data-testid="to-decision">{t!(i18n, to_decision)}</a> }
}

/// The claim's itemisation today, the debtor's hardship statement for it (or that there is none)
/// and every decision on the claim: what an agent weighs before deciding, in one complementary
/// region after the item's own content.
#[component]
pub fn ItemContext(
    statement: Statement,
    currency: Currency,
    hardship: Option<HardshipSummary>,
    history: Vec<ShownDecision>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <aside class="item-context" aria-label=move || t_string!(i18n, item_context_label).to_string()>
            <ClaimToday statement currency/>
            <Hardship hardship/>
            <ClaimHistory history currency/>
        </aside>
    }
}

/// The debtor's situation as they shared it for this claim, with their documents.
#[component]
fn Hardship(hardship: Option<HardshipSummary>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let body = match hardship {
        None => view! { <p data-testid="hardship-none">{t!(i18n, proposal_hardship_none)}</p> }.into_any(),
        Some(h) => {
            let s = h.statement;
            let money = move |m| format::money(locale, m, h.currency);
            let docs =
                h.documents.iter().map(|d| view! { <li><StaffDocumentLink document=d.clone()/></li> }).collect_view();
            view! {
                <dl class="facts" data-testid="proposal-hardship">
                    <dt>{t!(i18n, hardship_situation_legend)}</dt><dd>{labels::situation(locale, s.situation)}</dd>
                    {s.monthly_income.map(|m| view! { <dt>{t!(i18n, proposal_income)}</dt><dd>{money(m)}</dd> })}
                    {s.monthly_expenses.map(|m| view! { <dt>{t!(i18n, proposal_expenses)}</dt><dd>{money(m)}</dd> })}
                    {s.household_size.map(|n| view! { <dt>{t!(i18n, proposal_household)}</dt><dd>{n}</dd> })}
                </dl>
                <p class="explanation">{s.explanation.as_str().to_owned()}</p>
                {(!h.documents.is_empty()).then(|| view! { <ul class="documents">{docs}</ul> })}
            }
            .into_any()
        }
    };
    view! {
        <section class="card" aria-labelledby="proposal-hardship-title">
            <h2 id="proposal-hardship-title">{t!(i18n, proposal_hardship_title)}</h2>
            {body}
        </section>
    }
}

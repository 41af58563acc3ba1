//! Decisions on staff screens: who decided what and when, what came of a form post (saved, or
//! someone else was quicker), and the claim's history of decisions.

use leptos::prelude::*;
use leptos_router::params::Params;

use super::returned::{returned, Flag, Refused};
use super::{format, labels};
use crate::decision_data::ShownDecision;
use crate::domain::decision::Outcome;
use crate::domain::Currency;
use crate::error::{ErrorCode, PortalCode};
use crate::i18n::*;

/// What the decision form's post came back with.
#[derive(Params, Clone, Default, PartialEq)]
struct DecisionReturn {
    decided: Flag,
    error: Option<Refused>,
}

/// "Approved by … at …", "Claim withdrawn by … at …", and so on.
pub fn decided_by(locale: Locale, d: &ShownDecision) -> String {
    let (name, at) = (d.decided_by.clone(), format::date_time(locale, d.decided_at));
    match d.outcome {
        Outcome::Approved => td_string!(locale, decision_approved_by, name = name, at = at).to_string(),
        Outcome::Declined => td_string!(locale, decision_rejected_by, name = name, at = at).to_string(),
        Outcome::Granted => td_string!(locale, decision_granted_by, name = name, at = at).to_string(),
        Outcome::Answered => td_string!(locale, decision_answered_by, name = name, at = at).to_string(),
        Outcome::Countered => td_string!(locale, decision_countered_by, name = name, at = at).to_string(),
        Outcome::Withdrawn => td_string!(locale, decision_withdrawn_by, name = name, at = at).to_string(),
        Outcome::Reduced => td_string!(locale, decision_reduced_by, name = name, at = at).to_string(),
        Outcome::Rejected => td_string!(locale, decision_dispute_rejected_by, name = name, at = at).to_string(),
    }
}

/// What came of the decision form's post, and the decision that stands. The loser of a race is
/// told whose decision stands and when.
#[component]
pub fn DecisionStatus(decision: Option<ShownDecision>, currency: Currency) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let q = returned::<DecisionReturn>();
    let error = q.error.map(|Refused(code)| code);
    let decided_now = q.decided.is_set() && error.is_none();
    let error_text = error.map(|code| match (&decision, code) {
        (Some(d), ErrorCode::Portal(PortalCode::AlreadyDecided)) => t_string!(
            i18n,
            already_decided_by,
            name = d.decided_by.clone(),
            at = format::date_time(locale, d.decided_at)
        )
        .to_string(),
        _ => labels::error(locale, code, 15),
    });
    // A decision post comes back to `#decision` (`server::staff::decide`): the result message is that
    // target, focusable, so the browser moves focus to it and a keyboard or screen-reader user starts
    // from what came of their decision.
    view! {
        {decided_now.then(|| view! { <p class="notice ok" role="status" id="decision" tabindex="-1" data-testid="decision-result">{t!(i18n, decision_saved)}</p> })}
        {error_text.map(|text| view! { <p class="notice error" role="alert" id="decision" tabindex="-1" data-testid="decision-error">{text}</p> })}
        {decision.map(|d| view! { <RecordedDecision decision=d currency/> })}
    }
}

#[component]
fn RecordedDecision(decision: ShownDecision, currency: Currency) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let d = decision;
    let reason = d.reason.map(|r| {
        let reason = labels::decline_reason(locale, r);
        view! { <p>{t_string!(i18n, decision_reason_shown, reason = reason).to_string()}</p> }
    });
    let amount = d.amount.map(|m| {
        let amount = format::money(locale, m, currency);
        view! { <p data-testid="decision-amount">{t_string!(i18n, decision_new_principal, amount = amount).to_string()}</p> }
    });
    let note = (!d.note.is_empty()).then(|| view! { <p class="explanation">{d.note.clone()}</p> });
    view! {
        <div class="decision" data-testid="decision" data-outcome=d.outcome.as_str()>
            <p><strong>{decided_by(locale, &d)}</strong></p>
            {reason}
            {amount}
            {note}
        </div>
    }
}

/// Every decision on the claim, oldest first: plans, disputes, deferrals.
#[component]
pub fn ClaimHistory(history: Vec<ShownDecision>, currency: Currency) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let body = if history.is_empty() {
        view! { <p>{t!(i18n, history_none)}</p> }.into_any()
    } else {
        let items = history
            .into_iter()
            .map(|d| {
                let amount = d.amount.map(|m| format!(" – {}", format::money(locale, m, currency)));
                view! { <li data-testid="history-entry" data-outcome=d.outcome.as_str()>{decided_by(locale, &d)}{amount}</li> }
            })
            .collect_view();
        view! { <ol class="history">{items}</ol> }.into_any()
    };
    view! {
        <section class="card" aria-labelledby="history-title">
            <h2 id="history-title">{t!(i18n, history_title)}</h2>
            {body}
        </section>
    }
}

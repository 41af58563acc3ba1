//! Asking to pay later, and the creditor's answer.

use leptos::prelude::*;
use leptos_router::params::Params;

use crate::claim_data::DeferralOffer;
use crate::components::returned::{returned, Flag, Refused};
use crate::components::{format, labels};
use crate::decision_data::ShownDecision;
use crate::domain::decision::Outcome as DecisionOutcome;
use crate::domain::ids::ClaimId;
use crate::i18n::*;

/// What the deferral form's post came back with.
#[derive(Params, Clone, Default, PartialEq)]
struct DeferralReturn {
    deferral_granted: Flag,
    deferral_sent: Flag,
    deferral_error: Option<Refused>,
}

/// Ask to pay later than the pay-by date: a plain form, judged on the server.
#[component]
pub(super) fn Deferral(offer: DeferralOffer, answer: Option<ShownDecision>, claim_id: ClaimId) -> impl IntoView {
    let i18n = use_i18n();
    let q = returned::<DeferralReturn>();
    let error = q.deferral_error.map(|Refused(code)| code);
    let notice = if q.deferral_granted.is_set() {
        Some(view! { <p class="notice ok" role="status" data-testid="deferral-granted">{t!(i18n, deferral_granted_notice)}</p> }.into_any())
    } else if q.deferral_sent.is_set() {
        Some(view! { <p class="notice ok" role="status" data-testid="deferral-sent">{t!(i18n, deferral_sent_notice)}</p> }.into_any())
    } else {
        None
    };
    let error = error.map(|code| {
        view! { <p class="notice error" role="alert" data-testid="deferral-error">{move || labels::error(i18n.get_locale(), code, 15)}</p> }
    });
    // The creditor's answer to the last request a person decided (a new request replaces it).
    let answer = answer.filter(|_| !matches!(offer, DeferralOffer::Pending { .. })).map(|a| {
        let date = a.decided_at.date();
        let words = move || {
            let date = format::date(i18n.get_locale(), date);
            match a.outcome {
                DecisionOutcome::Granted => t_string!(i18n, deferral_answer_granted, date = date).to_string(),
                _ => t_string!(i18n, deferral_answer_declined, date = date).to_string(),
            }
        };
        let note = (!a.note.is_empty()).then(|| view! { <p class="explanation">{a.note.clone()}</p> });
        view! {
            <div class="notice" data-testid="deferral-answer" data-outcome=a.outcome.as_str()>
                <p>{words}</p>
                {note}
            </div>
        }
    });
    let body = match offer {
        DeferralOffer::NotOffered if notice.is_none() && error.is_none() && answer.is_none() => return ().into_any(),
        DeferralOffer::NotOffered => ().into_any(),
        DeferralOffer::Pending { requested } => view! {
            <p data-testid="deferral-pending">
                {move || t_string!(i18n, deferral_pending_notice, date = format::date(i18n.get_locale(), requested)).to_string()}
            </p>
        }
        .into_any(),
        DeferralOffer::Offered { pay_by, granted_at_once, latest } => {
            let min = pay_by.succ_opt().unwrap_or(pay_by);
            let rule = move || match granted_at_once {
                Some(d) => format!(
                    "{} {}",
                    t_string!(i18n, deferral_at_once, date = format::date(i18n.get_locale(), d)),
                    t_string!(i18n, deferral_later_waits)
                ),
                None => t_string!(i18n, deferral_all_wait).to_string(),
            };
            view! {
                <p>{t!(i18n, deferral_intro)}</p>
                <p class="hint" id="deferral-rule">{rule}</p>
                <form method="post" action=format!("/claims/{claim_id}/deferral") class="deferral-form">
                    <label for="deferral-date">{t!(i18n, deferral_date_label)}</label>
                    <input
                        type="date"
                        id="deferral-date"
                        name="date"
                        required
                        min=min.to_string()
                        max=latest.to_string()
                        value=granted_at_once.unwrap_or(min).to_string()
                        aria-describedby="deferral-rule"
                    />
                    <button type="submit">{t!(i18n, deferral_send)}</button>
                </form>
            }
            .into_any()
        }
    };
    view! {
        <section class="card" aria-labelledby="deferral-title" id="deferral">
            <h2 id="deferral-title">{t!(i18n, deferral_title)}</h2>
            {notice}
            {error}
            {answer}
            {body}
        </section>
    }
    .into_any()
}

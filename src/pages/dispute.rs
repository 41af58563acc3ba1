//! `/claims/{id}/dispute`: dispute the claim (bestridande / innsigelse) with a reason, an
//! explanation and evidence; afterwards the receipt (reference, time, what was sent, what happens
//! next in the creditor's country) and a form to add information. The forms post to
//! `server::disputes`.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use leptos_router::params::Params;

use crate::components::data_page::{BackTo, DataPage};
use crate::components::islands::IslandScripts;
use crate::components::returned::{returned, Flag, Refused};
use crate::components::upload_form::{self, Choice, Field, RefusedUpload, UploadForm};
use crate::components::{format, labels};
use crate::decision_data::ShownDecision;
use crate::dispute_data::{DisputePageData, FeeLine, ShownDispute};
use crate::domain::decision::Outcome;
use crate::domain::dispute::{DisputeReason, MAX_EXPLANATION_CHARS};
use crate::domain::retention::DISPUTE_EVIDENCE_YEARS;
use crate::domain::{Country, Currency};
use crate::error::AppError;
use crate::i18n::*;

/// What the dispute's or the addition's post came back with.
#[derive(Params, Clone, Default, PartialEq)]
struct DisputeReturn {
    sent: Flag,
    added: Flag,
    error: Option<Refused>,
}

/// The dispute page's data, only for the debtor who owes the claim; anyone else gets `not_found`.
#[server(endpoint = "dispute_page")]
pub async fn load_dispute_page(id: String) -> Result<DisputePageData, AppError> {
    use crate::server::app_context::app_context;
    use crate::server::{auth::current_debtor, disputes::dispute_page_for_debtor, store::Store};
    crate::server::app_context::answered(async move {
        let debtor = current_debtor().await?;
        // Signed in first: a stranger is sent to sign in whatever the address says.
        let id: crate::domain::ClaimId = id.parse()?;
        let store = app_context::<Store>()?;
        dispute_page_for_debtor(&store, &debtor, &id).await
    })
    .await
}

#[component]
pub fn DisputePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let data = Resource::new(id, load_dispute_page);
    view! {
        <DataPage title=t_string!(i18n, dispute_title).to_string() back=BackTo::Claim(untrack(id)) data let:d>
            <DisputePageBody data=d/>
        </DataPage>
    }
}

/// What a new dispute may concern: the whole claim, an amount of the principal, or one of the fee
/// lines still to pay (`fee-N`, N its place among the claim's fees).
fn part_fields(i18n: leptos_i18n::I18nContext<Locale>, fees: &[FeeLine], currency: Currency) -> Vec<Field> {
    let locale = i18n.get_locale_untracked();
    let mut options = vec![
        Choice { value: "whole".into(), label: t_string!(i18n, dispute_part_whole).to_string() },
        Choice { value: "amount".into(), label: t_string!(i18n, dispute_part_amount).to_string() },
    ];
    options.extend(fees.iter().map(|f| {
        Choice {
            value: format!("fee-{}", f.position),
            label: t_string!(
                i18n,
                dispute_part_fee,
                fee = labels::fee(i18n, &f.kind),
                amount = format::money(locale, f.outstanding, currency)
            )
            .to_string(),
        }
    }));
    vec![
        Field::OneOfFirst { name: "part".into(), legend: t_string!(i18n, dispute_part_legend).to_string(), options },
        Field::Short {
            name: "part_amount".into(),
            label: t_string!(i18n, dispute_part_amount_label).to_string(),
            numeric: true,
        },
    ]
}

/// The dispute's fields; `with_reason` for a new dispute (an addition has no reason).
fn fields(i18n: leptos_i18n::I18nContext<Locale>, with_reason: bool) -> Vec<Field> {
    let locale = i18n.get_locale_untracked();
    let mut fields = Vec::new();
    if with_reason {
        let options = DisputeReason::ALL
            .iter()
            .map(|r| Choice { value: r.as_str().to_owned(), label: labels::dispute_reason(locale, *r) })
            .collect();
        fields.push(Field::OneOf {
            name: "reason".into(),
            legend: t_string!(i18n, dispute_reason_legend).to_string(),
            options,
        });
    }
    fields.push(Field::Long {
        name: "explanation".into(),
        label: t_string!(i18n, dispute_explanation_label).to_string(),
        hint: t_string!(i18n, dispute_explanation_hint).to_string(),
        max_chars: MAX_EXPLANATION_CHARS,
    });
    fields.push(Field::Files {
        label: t_string!(i18n, dispute_files_label).to_string(),
        hint: t_string!(i18n, dispute_files_hint).to_string(),
    });
    fields
}

#[component]
fn DisputePageBody(data: DisputePageData) -> impl IntoView {
    let i18n = use_i18n();
    let q = returned::<DisputeReturn>();
    let (sent, added) = (q.sent.is_set(), q.added.is_set());
    let can_dispute = data.can_dispute();
    let DisputePageData { claim_id, concerns, case_number, creditor, country, currency, dispute, fees, .. } = data;
    let again = dispute.as_ref().is_some_and(ShownDispute::rejected);
    let answer = dispute.as_ref().and_then(|d| d.answer.clone());
    let error = q.error.map(|Refused(code)| view! { <RefusedUpload code test_id="dispute-error"/> });
    let open = dispute.as_ref().is_some_and(|d| d.open);
    let form = if open {
        let texts = upload_form::texts(i18n);
        let submit = t_string!(i18n, dispute_add_send).to_string();
        let fields = fields(i18n, false);
        view! {
            <section class="card" aria-labelledby="add-title" id="add-form">
                <h2 id="add-title">{t!(i18n, dispute_add_title)}</h2>
                <p>{t!(i18n, dispute_add_intro)}</p>
                <p class="hint" data-testid="dispute-kept">{t!(i18n, dispute_kept, years = DISPUTE_EVIDENCE_YEARS)}</p>
                <UploadForm id="dispute-add".into() action=format!("/claims/{claim_id}/dispute/add") fields submit texts/>
            </section>
        }
        .into_any()
    } else if can_dispute {
        let texts = upload_form::texts(i18n);
        let submit = t_string!(i18n, dispute_send).to_string();
        let mut fields = fields(i18n, true);
        // After the reason, before the explanation: what is disputed, then why.
        let at = usize::from(!fields.is_empty());
        fields.splice(at..at, part_fields(i18n, &fees, currency));
        view! {
            <section class="card" aria-labelledby="form-title" id="dispute-form">
                <h2 id="form-title" class="visually-hidden">{t!(i18n, dispute_title)}</h2>
                {again.then(|| view! { <p data-testid="dispute-again">{t!(i18n, dispute_again_intro)}</p> })}
                <p>{t!(i18n, dispute_intro)}</p>
                <p data-testid="dispute-interest-note">{t!(i18n, dispute_interest_note)}</p>
                <p class="hint" data-testid="dispute-kept">{t!(i18n, dispute_kept, years = DISPUTE_EVIDENCE_YEARS)}</p>
                <UploadForm id="dispute-send".into() action=format!("/claims/{claim_id}/dispute") fields submit texts/>
            </section>
        }
        .into_any()
    } else if dispute.is_none() {
        view! { <p class="notice" data-testid="no-dispute">{t!(i18n, dispute_not_possible)}</p> }.into_any()
    } else {
        ().into_any()
    };
    view! {
        <h1 id="dispute">{t!(i18n, dispute_title)}</h1>
        <p class="lead">{format!("{concerns} ({case_number}) – {creditor}")}</p>
        {sent.then(|| view! { <p class="notice ok" role="status" data-testid="dispute-sent">{t!(i18n, dispute_sent_notice)}</p> })}
        {added.then(|| view! { <p class="notice ok" role="status" data-testid="dispute-added">{t!(i18n, dispute_added_notice)}</p> })}
        {error}
        {answer.clone().map(|a| view! { <CreditorAnswer answer=a creditor=creditor.clone() country currency/> })}
        {dispute.map(|d| view! { <Receipt dispute=d currency/> })}
        {(open || can_dispute).then(|| view! { <IslandScripts on_demand=true/> })}
        {form}
        {answer.is_none().then(|| view! { <NextSteps country/> })}
    }
}

#[component]
fn Receipt(dispute: ShownDispute, currency: Currency) -> impl IntoView {
    let i18n = use_i18n();
    let ShownDispute { reference, reason, part, open, sent_at, entries, .. } = dispute;
    let entries = entries
        .into_iter()
        .enumerate()
        .map(|(i, e)| {
            let at = e.sent_at;
            let docs = if e.documents.is_empty() {
                view! { <p class="hint">{t!(i18n, dispute_files_none)}</p> }.into_any()
            } else {
                view! {
                    <ul class="documents">
                        {e.documents.into_iter().map(|d| {
                            let size = format::kilobytes(d.size);
                            view! {
                                <li data-testid="document">
                                    <a href=format!("/documents/{}", d.id) download=d.name.clone()>{d.name.clone()}</a>
                                    " "
                                    <span class="hint">{move || t_string!(i18n, document_size, size = size).to_string()}</span>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
                .into_any()
            };
            view! {
                <li class="entry" data-testid="dispute-entry">
                    <h4>
                        {move || if i == 0 { t_string!(i18n, dispute_entry_first) } else { t_string!(i18n, dispute_entry_added) }}
                        " – "
                        <time datetime=at.format("%Y-%m-%dT%H:%M").to_string()>{move || format::date_time(i18n.get_locale(), at)}</time>
                    </h4>
                    <p class="explanation">{e.explanation}</p>
                    {docs}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card receipt" aria-labelledby="receipt-title" id="receipt">
            <h2 id="receipt-title">{t!(i18n, dispute_receipt_title)}</h2>
            <dl class="facts">
                <dt>{t!(i18n, dispute_reference_label)}</dt>
                <dd data-testid="dispute-reference">{reference}</dd>
                <dt>{t!(i18n, dispute_sent_at_label)}</dt>
                <dd><time datetime=sent_at.format("%Y-%m-%dT%H:%M").to_string()>{move || format::date_time(i18n.get_locale(), sent_at)}</time></dd>
                <dt>{t!(i18n, dispute_reason_label)}</dt>
                <dd data-testid="dispute-reason">{move || labels::dispute_reason(i18n.get_locale(), reason)}</dd>
                <dt>{t!(i18n, dispute_part_label)}</dt>
                <dd data-testid="dispute-part">{move || labels::disputed_part(i18n, &part, currency)}</dd>
                <dt>{t!(i18n, dispute_state_label)}</dt>
                <dd data-testid="dispute-state">
                    {move || if open { t_string!(i18n, dispute_state_open) } else { t_string!(i18n, dispute_state_answered) }}
                </dd>
            </dl>
            <h3>{t!(i18n, dispute_what_you_sent)}</h3>
            <ol class="entries">{entries}</ol>
        </section>
    }
}

/// The creditor's answer: what became of the claim, their words, and (when they maintain the
/// claim) where the debtor can still go.
#[component]
fn CreditorAnswer(answer: ShownDecision, creditor: String, country: Country, currency: Currency) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let date = format::date(locale, answer.decided_at.date());
    let (creditor, amount) = (creditor.clone(), answer.amount.map(|m| format::money(locale, m, currency)));
    let what = match answer.outcome {
        Outcome::Withdrawn => t_string!(i18n, dispute_answer_withdrawn, creditor = creditor, date = date).to_string(),
        Outcome::Reduced => {
            let amount = amount.unwrap_or_default();
            t_string!(i18n, dispute_answer_reduced, creditor = creditor, date = date, amount = amount).to_string()
        }
        _ => t_string!(i18n, dispute_answer_rejected, creditor = creditor, date = date).to_string(),
    };
    let rejected = answer.outcome == Outcome::Rejected;
    let note = (!answer.note.is_empty()).then(|| {
        view! {
            <h3>{t!(i18n, dispute_answer_words)}</h3>
            <p class="explanation" data-testid="dispute-answer-note">{answer.note.clone()}</p>
        }
    });
    let options = rejected.then(|| {
        let (court, complaints) = match country {
            Country::Se => (t_string!(i18n, dispute_options_court_se), t_string!(i18n, dispute_options_complaints_se)),
            Country::No => (t_string!(i18n, dispute_options_court_no), t_string!(i18n, dispute_options_complaints_no)),
        };
        view! {
            <h3>{t!(i18n, dispute_options_title)}</h3>
            <ul data-testid="dispute-options">
                <li>{t!(i18n, dispute_options_pay)}</li>
                <li>{court}</li>
                <li>{t!(i18n, dispute_options_again)}</li>
                <li>{complaints}</li>
            </ul>
        }
    });
    view! {
        <section class="card" aria-labelledby="answer-title" id="answer" data-testid="dispute-answer" data-outcome=answer.outcome.as_str()>
            <h2 id="answer-title">{t!(i18n, dispute_answer_title)}</h2>
            <p><strong>{what}</strong></p>
            {note}
            {options}
        </section>
    }
}

#[component]
fn NextSteps(country: Country) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card" aria-labelledby="next-title">
            <h2 id="next-title">{t!(i18n, dispute_next_title)}</h2>
            <p data-testid="dispute-next">
                {move || match country {
                    Country::Se => t_string!(i18n, dispute_next_se),
                    Country::No => t_string!(i18n, dispute_next_no),
                }}
            </p>
        </section>
    }
}

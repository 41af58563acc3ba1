//! One claim: what it is made of, how interest grew, how to pay, what happens next, and the
//! debtor's rights.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::claim_data::{
    ClaimPlan, ClaimView, DeferralOffer, DisputeSummary, InterestInfo, PayNote, PayPurpose, PaymentInstructions,
};
use crate::components::copy_button::CopyButton;
use crate::components::error_notice::ErrorNotice;
use crate::components::islands::IslandScripts;
use crate::components::open_plan::OpenPlanView;
use crate::components::page_title::PageTitle;
use crate::components::{format, labels};
use crate::decision_data::DecisionView;
use crate::dispute_data::PartView;
use crate::domain::decision::Outcome as DecisionOutcome;
use crate::domain::interest::InterestKind;
use crate::domain::reference::ReferenceKind;
use crate::domain::statement::Statement;
use crate::domain::timeline::Step;
use crate::domain::{Country, Currency, Money};
use crate::error::{AppError, ErrorCode};
use crate::i18n::*;
use crate::plan_data::NoPlan;

/// The claim as of today, for the debtor who owes it; anyone else gets `not_found`.
#[server(endpoint = "claim_details")]
pub async fn claim_details(id: String) -> Result<ClaimView, AppError> {
    use crate::server::{auth::current_debtor, clock::Clock, debtor_claims::claim_for_debtor, store::Store};
    let debtor = current_debtor().await?;
    let store = use_context::<Store>().ok_or_else(AppError::internal)?;
    let clock = use_context::<Clock>().ok_or_else(AppError::internal)?;
    claim_for_debtor(&store, &debtor, &id, &clock).await
}

#[component]
pub fn ClaimPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let claim = Resource::new(move || params.read().get("id").unwrap_or_default(), claim_details);
    view! {
        <p class="back"><a href="/claims">{t!(i18n, back_to_claims)}</a></p>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match claim.await {
                    Ok(c) => view! { <ClaimDetails claim=c/> }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ClaimDetails(claim: ClaimView) -> impl IntoView {
    let i18n = use_i18n();
    let title = claim.concerns.clone();
    let cur = claim.currency;
    let country = claim.creditor.country;
    let due = claim.due_date;
    let status = claim.status;
    // Under an active plan the headline is the next installment, not the whole balance.
    let headline_pay = claim.pay.clone().filter(|p| p.purpose != PayPurpose::Balance).map(|p| {
        let label = match p.purpose {
            PayPurpose::CatchUp { .. } => t_string!(i18n, pay_for_catch_up).to_string(),
            _ => t_string!(i18n, next_installment_label).to_string(),
        };
        view! {
            <dt>{label}</dt>
            <dd data-testid="headline-next" data-amount=p.amount.to_string() data-date=p.pay_by.to_string()>
                {move || t_string!(i18n, amount_by_date, amount = format::money(i18n.get_locale(), p.amount, cur), date = format::date(i18n.get_locale(), p.pay_by)).to_string()}
            </dd>
        }
    });
    view! {
        <PageTitle text=title.clone()/>
        <h1>{claim.concerns.clone()}</h1>
        <dl class="facts">
            <dt>{t!(i18n, creditor_label)}</dt>
            <dd>{format!("{} ({})", claim.creditor.name, claim.creditor.org_number)}</dd>
            <dt>{t!(i18n, case_label)}</dt>
            <dd>{claim.case_number.clone()}</dd>
            <dt>{t!(i18n, original_invoice_label)}</dt>
            <dd>{claim.original_invoice.clone()}</dd>
            <dt>{t!(i18n, due_date_label)}</dt>
            <dd>{move || format::date(i18n.get_locale(), due)}</dd>
            <dt>{t!(i18n, status_label)}</dt>
            <dd>{move || labels::status(i18n, status)}</dd>
            {headline_pay}
        </dl>
        <DisputeSection
            dispute=claim.dispute.clone()
            can_dispute=claim.can_dispute
            claim_id=claim.id.clone()
            contested=status.is_contested().then_some(country)
            currency=cur
        />
        <Breakdown
            statement=claim.statement.clone()
            currency=cur
            claim_id=claim.id.clone()
            country=country
            refund_account=claim.refund_account.clone()
        />
        <PlanSection plan=claim.plan.clone() claim_id=claim.id.clone() currency=cur/>
        <HowToPay pay=claim.pay.clone() currency=cur/>
        <Deferral offer=claim.deferral.clone() answer=claim.deferral_answer.clone() claim_id=claim.id.clone()/>
        <Interest info=claim.interest.clone() statement=claim.statement.clone() currency=cur/>
        <Payments payments=claim.payments.clone() currency=cur/>
        <Timeline claim=claim.clone()/>
        <Rights country=country/>
    }
}

/// One amount cell: formatted for people, exact in `data-amount` for machines and tests.
fn amount_cell(test_id: String, m: Money, currency: Currency) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <td class="amount" data-testid=test_id data-amount=m.to_string()>
            {move || format::money(i18n.get_locale(), m, currency)}
        </td>
    }
}

/// A cell of the breakdown: the number only (the caption names the currency once). `column` repeats
/// the column's name inside the cell for narrow screens, where each item is stacked and the header
/// row is hidden; screen readers still get the table's own headers, so it is `aria-hidden`.
fn number_cell(test_id: String, m: Money, column: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <td role="cell" class="amount" data-testid=test_id data-amount=m.to_string()>
            {column.map(|c| view! { <span class="cell-label" aria-hidden="true">{c}</span> })}
            {move || format::number(i18n.get_locale(), m)}
        </td>
    }
}

/// A row of the breakdown; each cell is tagged with the statement's own field name
/// (`interest-accrued`, `fees-charged` …) so it can be checked against the engine.
fn breakdown_row(
    class: &'static str,
    label: String,
    ids: [String; 3],
    amounts: [Money; 3],
    columns: &[String; 3],
) -> impl IntoView {
    let cells = ids
        .into_iter()
        .zip(amounts)
        .zip(columns.iter().cloned())
        .map(|((id, m), column)| number_cell(id, m, Some(column)))
        .collect_view();
    view! {
        <tr role="row" class=class>
            <th role="rowheader" scope="row">{label}</th>
            {cells}
        </tr>
    }
}

/// A table on wide screens; on a phone each item is stacked (heading, then its three amounts) so
/// every column and the currency stay in view without scrolling sideways. The explicit roles keep
/// the table's meaning for screen readers when CSS changes how the rows are displayed.
#[component]
fn Breakdown(
    statement: Statement,
    currency: Currency,
    claim_id: String,
    country: Country,
    refund_account: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let st = statement;
    let as_of = st.as_of;
    let columns = [
        t_string!(i18n, amount_label).to_string(),
        t_string!(i18n, paid_label).to_string(),
        t_string!(i18n, remaining_label).to_string(),
    ];
    let ids = |a: &str, b: &str, c: &str| [a.to_owned(), b.to_owned(), c.to_owned()];
    let fee_rows = st
        .fees
        .items
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let label =
                format!("{} ({})", labels::fee(i18n, &f.kind), format::date(i18n.get_locale_untracked(), f.date));
            let fee_ids = [format!("fee-{i}-amount"), format!("fee-{i}-paid"), format!("fee-{i}-outstanding")];
            breakdown_row("sub", label, fee_ids, [f.amount, f.paid, f.outstanding], &columns)
        })
        .collect_view();
    let overpaid = st.overpaid;

    view! {
        <section class="card" aria-labelledby="breakdown-title">
            <h2 id="breakdown-title">{t!(i18n, breakdown_title)}</h2>
            <table class="breakdown" role="table">
                <caption>
                    {move || t_string!(i18n, breakdown_caption, date = format::date(i18n.get_locale(), as_of), currency = currency.as_str()).to_string()}
                </caption>
                <thead role="rowgroup">
                    <tr role="row">
                        <th role="columnheader" scope="col">{t!(i18n, item_label)}</th>
                        {columns.clone().into_iter().map(|c| view! { <th role="columnheader" scope="col">{c}</th> }).collect_view()}
                    </tr>
                </thead>
                <tbody role="rowgroup">
                    {breakdown_row("", t_string!(i18n, principal_label).to_string(), ids("principal-original", "principal-paid", "principal-outstanding"), [st.principal.original, st.principal.paid, st.principal.outstanding], &columns)}
                    {breakdown_row("", t_string!(i18n, interest_label).to_string(), ids("interest-accrued", "interest-paid", "interest-outstanding"), [st.interest.accrued, st.interest.paid, st.interest.outstanding], &columns)}
                    {breakdown_row("", t_string!(i18n, fees_label).to_string(), ids("fees-charged", "fees-paid", "fees-outstanding"), [st.fees.charged, st.fees.paid, st.fees.outstanding], &columns)}
                    {fee_rows}
                </tbody>
                <tfoot role="rowgroup">
                    <tr role="row" class="total">
                        <th role="rowheader" scope="row" colspan="3">{t!(i18n, total_label)}</th>
                        {number_cell("total-outstanding".into(), st.total_outstanding, None)}
                    </tr>
                </tfoot>
            </table>
            {overpaid.is_positive().then(|| view! {
                <p class="notice ok" data-testid="overpaid" data-amount=overpaid.to_string()>
                    {move || t_string!(i18n, overpaid_note, amount = format::money(i18n.get_locale(), overpaid, currency)).to_string()}
                </p>
            })}
            <RefundAccountForm overpaid=overpaid.is_positive() claim_id country given=refund_account/>
        </section>
    }
}

/// Where an overpaid claim's debtor gives the account the creditor pays the money back to (a plain
/// form: it works without JavaScript). The answer to a post shows even when the claim is no longer
/// overpaid, so a refused account is never silently dropped.
#[component]
fn RefundAccountForm(overpaid: bool, claim_id: String, country: Country, given: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let q = use_query_map();
    let q = q.read_untracked();
    let saved = q.get("refund_account").is_some().then(|| {
        view! { <p class="notice ok" role="status" data-testid="refund-account-saved">{t!(i18n, refund_account_saved)}</p> }
    });
    let error = q.get("refund_error").map(|c| ErrorCode::returned(&c)).map(|code| {
        view! { <p class="notice error" role="alert" data-testid="refund-account-error">{move || labels::error(i18n.get_locale(), code, 15)}</p> }
    });
    if !overpaid && saved.is_none() && error.is_none() {
        return ().into_any();
    }
    let current = given.filter(|_| overpaid).map(|masked| {
        view! {
            <p data-testid="refund-account-current">{move || t_string!(i18n, refund_account_current, account = masked.clone()).to_string()}</p>
            <p class="hint">{t!(i18n, refund_account_replace)}</p>
        }
    });
    let form = overpaid.then(|| {
        let clearing = (country == Country::Se).then(|| {
            view! {
                <label for="refund-clearing">{t!(i18n, refund_clearing_label)}</label>
                <input type="text" id="refund-clearing" name="clearing" required inputmode="numeric" autocomplete="off"/>
            }
        });
        let hint = (country == Country::No).then(|| {
            view! { <p class="hint" id="refund-account-hint">{t!(i18n, refund_account_no_hint)}</p> }
        });
        view! {
            <p>{t!(i18n, refund_account_intro)}</p>
            <form method="post" action=format!("/claims/{claim_id}/refund-account") class="refund-account-form">
                {clearing}
                <label for="refund-account-number">{t!(i18n, refund_account_label)}</label>
                {hint}
                <input type="text" id="refund-account-number" name="account" required inputmode="numeric" autocomplete="off"/>
                <button type="submit">{t!(i18n, refund_account_send)}</button>
            </form>
        }
    });
    view! {
        <div id="refund-account" data-testid="refund-account" data-country=country.as_str()>
            {saved}
            {error}
            {current}
            {form}
        </div>
    }
    .into_any()
}

/// The claim's plan: the active one or the proposal waiting, or a way to propose one.
#[component]
fn PlanSection(plan: ClaimPlan, claim_id: String, currency: Currency) -> impl IntoView {
    let i18n = use_i18n();
    match plan {
        ClaimPlan::Open(open) => view! { <OpenPlanView plan=*open currency claim_id with_schedule=true/> }.into_any(),
        ClaimPlan::Offered => view! {
            <p class="plan-link"><a class="button-link" href=format!("/claims/{claim_id}/plan")>{t!(i18n, plan_link)}</a></p>
        }
        .into_any(),
        ClaimPlan::NotOffered(NoPlan::Disputed) => view! { <p class="hint">{t!(i18n, plan_no_disputed)}</p> }.into_any(),
        ClaimPlan::NotOffered(NoPlan::Contested) => view! { <p class="hint">{t!(i18n, plan_no_contested)}</p> }.into_any(),
        ClaimPlan::NotOffered(NoPlan::NothingToPay) => ().into_any(),
        ClaimPlan::NotOffered(NoPlan::AfterLapse { ended_on }) => view! {
            <p class="hint" data-testid="no-plan-after-lapse">{move || t_string!(i18n, plan_no_after_lapse, date = format::date(i18n.get_locale(), ended_on)).to_string()}</p>
        }
        .into_any(),
    }
}

/// The claim's dispute, or the way to send one. A disputed claim says so first of all; a contested
/// one (its dispute rejected) says what the creditor may do next in its country.
#[component]
fn DisputeSection(
    dispute: Option<DisputeSummary>,
    can_dispute: bool,
    claim_id: String,
    contested: Option<Country>,
    currency: Currency,
) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("/claims/{claim_id}/dispute");
    let contested = contested.map(|country| {
        let words = move || match country {
            Country::No => t_string!(i18n, contested_notice_no),
            Country::Se => t_string!(i18n, contested_notice_se),
        };
        view! { <p data-testid="contested-notice" data-country=country.as_str()>{words}</p> }
    });
    match dispute {
        Some(DisputeSummary { reference, open: true, part: PartView::Whole }) => view! {
            <div class="notice" role="status" data-testid="dispute-notice">
                <p>{move || t_string!(i18n, dispute_open_notice, reference = reference.clone()).to_string()}</p>
                <p><a href=href>{t!(i18n, dispute_see)}</a></p>
            </div>
        }
        .into_any(),
        Some(DisputeSummary { reference, open: true, part }) => view! {
            <div class="notice" role="status" data-testid="dispute-notice" data-part="partial">
                <p>
                    {move || {
                        let part = labels::disputed_part(i18n, &part, currency);
                        t_string!(i18n, dispute_part_open_notice, reference = reference.clone(), part = part).to_string()
                    }}
                </p>
                <p><a href=href>{t!(i18n, dispute_see)}</a></p>
            </div>
        }
        .into_any(),
        Some(DisputeSummary { reference, open: false, .. }) => view! {
            <div class="notice" data-testid="dispute-answered">
                <p>{move || t_string!(i18n, dispute_answered_notice, reference = reference.clone()).to_string()}</p>
                {contested}
                <p><a href=format!("{href}#answer")>{t!(i18n, dispute_see_answer)}</a></p>
            </div>
        }
        .into_any(),
        _ if can_dispute => view! {
            <p class="dispute-link"><a class="button-link secondary" href=href>{t!(i18n, dispute_link)}</a></p>
        }
        .into_any(),
        _ => ().into_any(),
    }
}

/// Ask to pay later than the pay-by date: a plain form, judged on the server.
#[component]
fn Deferral(offer: DeferralOffer, answer: Option<DecisionView>, claim_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let q = use_query_map();
    let q = q.read_untracked();
    let (granted, sent) = (q.get("deferral_granted").is_some(), q.get("deferral_sent").is_some());
    let error = q.get("deferral_error").map(|c| ErrorCode::returned(&c));
    let notice = if granted {
        Some(view! { <p class="notice ok" role="status" data-testid="deferral-granted">{t!(i18n, deferral_granted_notice)}</p> }.into_any())
    } else if sent {
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

#[component]
fn HowToPay(pay: Option<PaymentInstructions>, currency: Currency) -> impl IntoView {
    let i18n = use_i18n();
    let Some(p) = pay else {
        return view! {
            <section class="card" aria-labelledby="pay-title">
                <h2 id="pay-title">{t!(i18n, how_to_pay_title)}</h2>
                <p>{t!(i18n, nothing_to_pay)}</p>
            </section>
        }
        .into_any();
    };
    let kind = p.reference_kind;
    let reference_label = move || match kind {
        ReferenceKind::Kid => t_string!(i18n, pay_reference_kid),
        ReferenceKind::Ocr => t_string!(i18n, pay_reference_ocr),
    };
    let (payee_label, payee) = match (&p.bankgiro, &p.account_number) {
        (Some(bg), _) => (t_string!(i18n, pay_bankgiro).to_string(), bg.clone()),
        (None, Some(acc)) => (t_string!(i18n, pay_account).to_string(), acc.clone()),
        (None, None) => (String::new(), String::new()),
    };
    let dispute_note = pay_note(p.dispute_note.clone(), currency);
    let amount_text = move || format::money(i18n.get_locale(), p.amount, currency);
    let amount_plain = p.amount.to_string();
    let pay_by = p.pay_by;
    let money = move |m: Money| format::money(i18n.get_locale_untracked(), m, currency);
    // Under an active plan the box asks for the next installment (or what is overdue), and says
    // that paying more, or everything, is always allowed.
    let (what, early) = match p.purpose {
        PayPurpose::Balance => (None, None),
        PayPurpose::Installment { n, of, payoff, saves } => (
            Some(t_string!(i18n, pay_for_installment, n = n, of = of).to_string()),
            Some(t_string!(i18n, pay_plan_early, amount = money(payoff), saves = money(saves)).to_string()),
        ),
        PayPurpose::CatchUp { payoff, saves } => (
            Some(t_string!(i18n, pay_for_catch_up).to_string()),
            Some(t_string!(i18n, pay_plan_early, amount = money(payoff), saves = money(saves)).to_string()),
        ),
    };
    let purpose_code = match p.purpose {
        PayPurpose::Balance => "balance",
        PayPurpose::Installment { .. } => "installment",
        PayPurpose::CatchUp { .. } => "catch_up",
    };
    view! {
        // The copy buttons below are this page's only islands: the bundle waits for a first touch.
        <IslandScripts on_demand=true/>
        <section class="card pay" aria-labelledby="pay-title" data-purpose=purpose_code>
            <h2 id="pay-title">{t!(i18n, how_to_pay_title)}</h2>
            {what.map(|w| view! { <p class="pay-purpose" data-testid="pay-purpose"><strong>{w}</strong></p> })}
            <dl class="pay-facts">
                <div>
                    <dt>{payee_label.clone()}</dt>
                    <dd><span class="copyable" data-testid="payee">{payee.clone()}</span> <CopyButton value=payee what=payee_label/></dd>
                </div>
                <div>
                    <dt>{reference_label}</dt>
                    <dd>
                        <span class="copyable reference" data-testid="reference">{p.reference.clone()}</span>
                        " " <CopyButton value=p.reference.clone() what=reference_label()/>
                    </dd>
                </div>
                <div>
                    <dt>{t!(i18n, pay_amount)}</dt>
                    <dd>
                        <span class="copyable" data-testid="pay-amount" data-amount=amount_plain.clone()>{amount_text}</span>
                        " " <CopyButton value=amount_plain what=t_string!(i18n, pay_amount).to_string()/>
                    </dd>
                </div>
                <div>
                    <dt>{t!(i18n, pay_by)}</dt>
                    <dd>
                        <span class="copyable" data-testid="pay-by" data-date=pay_by.to_string()>{move || format::date(i18n.get_locale(), pay_by)}</span>
                        " " <CopyButton value=pay_by.to_string() what=t_string!(i18n, pay_by).to_string()/>
                    </dd>
                </div>
            </dl>
            {dispute_note}
            <p class="hint">{t!(i18n, pay_reference_note)}</p>
            {early.map(|e| view! { <p class="hint" data-testid="pay-early">{e}</p> })}
        </section>
    }
    .into_any()
}

/// The payment box's line on a dispute: which part the amount leaves out, or that a wholly
/// disputed or contested claim can still be paid.
fn pay_note(note: Option<PayNote>, currency: Currency) -> Option<impl IntoView> {
    let i18n = use_i18n();
    note.map(|note| {
        let words = move || match &note {
            PayNote::PartPaused(part) => {
                let part = labels::disputed_part(i18n, part, currency);
                t_string!(i18n, pay_part_paused, part = part).to_string()
            }
            PayNote::MayStillPay => t_string!(i18n, contested_pay_note).to_string(),
        };
        view! { <p class="notice" data-testid="pay-dispute-note">{words}</p> }
    })
}

#[component]
fn Interest(info: InterestInfo, statement: Statement, currency: Currency) -> impl IntoView {
    let i18n = use_i18n();
    let InterestInfo { kind, rate, runs_from, in_force, periods, latest_rate_assumed } = info;
    let terms = move || match kind {
        InterestKind::Statutory if rate.is_zero() => t_string!(i18n, interest_statutory_full).to_string(),
        InterestKind::Statutory => {
            t_string!(i18n, interest_statutory_margin, margin = format::rate(i18n.get_locale(), rate)).to_string()
        }
        InterestKind::Fixed => {
            t_string!(i18n, interest_fixed, rate = format::rate(i18n.get_locale(), rate)).to_string()
        }
        InterestKind::None => t_string!(i18n, interest_none).to_string(),
    };
    let accrued = statement.interest.accrued;
    let has_periods = !periods.is_empty();
    view! {
        <section class="card" aria-labelledby="interest-title">
            <h2 id="interest-title">{t!(i18n, interest_title)}</h2>
            <p>{terms}</p>
            {accrued.is_positive().then(|| view! {
                <p>{move || t_string!(i18n, interest_runs_from, date = format::date(i18n.get_locale(), runs_from)).to_string()}</p>
            })}
            {in_force.map(|(from, r)| view! {
                <p data-testid="rate-in-force">
                    {move || t_string!(i18n, rate_in_force, rate = format::rate(i18n.get_locale(), r), date = format::date(i18n.get_locale(), from)).to_string()}
                </p>
            })}
            {latest_rate_assumed.then(|| view! { <p class="hint">{t!(i18n, latest_rate_assumed)}</p> })}
            {has_periods.then(|| view! {
                <div class="table-scroll" tabindex="0" role="region" aria-labelledby="rate-periods-caption">
                    <table>
                        <caption id="rate-periods-caption">{t!(i18n, rate_periods_title)}</caption>
                        <thead><tr><th scope="col">{t!(i18n, from_label)}</th><th scope="col">{t!(i18n, rate_label)}</th></tr></thead>
                        <tbody>
                            {periods.iter().map(|(from, r)| {
                                let (from, r) = (*from, *r);
                                view! {
                                    <tr data-testid="rate-period">
                                        <td>{move || format::date(i18n.get_locale(), from)}</td>
                                        <td>{move || format!("{} %", format::rate(i18n.get_locale(), r))}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
            <p class="hint">{move || format!("{}: {}", t_string!(i18n, interest_label), format::money(i18n.get_locale(), accrued, currency))}</p>
        </section>
    }
}

#[component]
fn Payments(payments: Vec<(chrono::NaiveDate, Money)>, currency: Currency) -> impl IntoView {
    let i18n = use_i18n();
    let empty = payments.is_empty();
    view! {
        <section class="card" aria-labelledby="payments-title">
            <h2 id="payments-title">{t!(i18n, payments_title)}</h2>
            {if empty {
                view! { <p>{t!(i18n, payments_none)}</p> }.into_any()
            } else {
                view! {
                    <table>
                        <thead><tr><th scope="col">{t!(i18n, date_label)}</th><th scope="col">{t!(i18n, amount_label)}</th></tr></thead>
                        <tbody>
                            {payments.into_iter().enumerate().map(|(i, (d, m))| view! {
                                <tr>
                                    <td>{move || format::date(i18n.get_locale(), d)}</td>
                                    {amount_cell(format!("payment-{i}"), m, currency)}
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn Timeline(claim: ClaimView) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card" aria-labelledby="timeline-title">
            <h2 id="timeline-title">{t!(i18n, timeline_title)}</h2>
            <ol class="timeline">
                {claim.timeline.into_iter().map(|Step { date, kind, done }| {
                    let class = if done { "done" } else { "upcoming" };
                    view! {
                        <li class=class data-testid="step" data-kind=format!("{kind:?}")>
                            <span class="visually-hidden">{move || if done { t_string!(i18n, step_done) } else { t_string!(i18n, step_upcoming) }}": "</span>
                            <time datetime=date.to_string()>{move || format::date(i18n.get_locale(), date)}</time>
                            " "
                            <span>{move || labels::step(i18n, kind)}</span>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}

#[component]
fn Rights(country: Country) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card" aria-labelledby="rights-claim-title">
            <h2 id="rights-claim-title">{t!(i18n, rights_title)}</h2>
            {match country {
                Country::Se => view! { <p>{t!(i18n, rights_dispute_se)}</p><p>{t!(i18n, rights_complain_se)}</p> }.into_any(),
                Country::No => view! { <p>{t!(i18n, rights_dispute_no)}</p><p>{t!(i18n, rights_complain_no)}</p> }.into_any(),
            }}
        </section>
    }
}

//! The payment box: payee, reference, amount and date, each with a copy button.

use leptos::prelude::*;

use crate::claim_data::{PayNote, PayPurpose, PaymentInstructions};
use crate::components::copy_button::CopyButton;
use crate::components::islands::IslandScripts;
use crate::components::{format, labels};
use crate::domain::reference::ReferenceKind;
use crate::domain::{Currency, Money};
use crate::i18n::*;

#[component]
pub(super) fn HowToPay(pay: Option<PaymentInstructions>, currency: Currency) -> impl IntoView {
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

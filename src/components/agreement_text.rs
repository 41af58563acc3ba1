//! The words of a plan agreement in one language, laid out once for both its forms: the printable
//! page (`pages::agreement`) and the PDF (`server::agreement_pdf`).

use crate::components::format;
use crate::domain::Money;
use crate::i18n::*;
use crate::plan_data::Agreement;

pub struct AgreementText {
    pub title: String,
    pub parties_title: String,
    /// (label, value): creditor, debtor, claim, case.
    pub parties: Vec<(String, String)>,
    pub plan_title: String,
    pub plan: Vec<String>,
    pub schedule_caption: String,
    pub columns: [String; 7],
    pub rows: Vec<[String; 7]>,
    pub terms_title: String,
    pub terms: Vec<String>,
}

pub fn agreement_text(locale: Locale, a: &Agreement) -> AgreementText {
    let money = |m: Money| format::money(locale, m, a.currency);
    let date = |d| format::date(locale, d);
    let p = &a.plan;
    let first_due = p.installments.first().map(|i| i.due_date).unwrap_or(p.start_date);
    let pay_to = match (&a.bankgiro, &a.account_number) {
        (Some(bg), _) => format!("{} {bg}", td_string!(locale, pay_bankgiro)),
        (None, Some(acc)) => format!("{} {acc}", td_string!(locale, pay_account)),
        (None, None) => String::new(),
    };
    let mut terms = vec![
        format!("{}: {pay_to}", td_string!(locale, agreement_pay_to)),
        format!("{} {}", td_string!(locale, plan_pay_with), p.reference),
        td_string!(locale, agreement_interest).to_string(),
        td_string!(locale, plan_policy_missed).to_string(),
    ];
    if p.plan_fee.is_positive() {
        terms.push(td_string!(locale, plan_policy_fee, fee = money(p.plan_fee)).to_string());
    }
    AgreementText {
        title: td_string!(locale, agreement_title).to_string(),
        parties_title: td_string!(locale, agreement_parties).to_string(),
        parties: vec![
            (
                td_string!(locale, creditor_label).to_string(),
                format!("{} ({})", a.creditor_name, a.creditor_org_number),
            ),
            (td_string!(locale, agreement_debtor).to_string(), a.debtor_name.clone()),
            (td_string!(locale, agreement_claim).to_string(), a.concerns.clone()),
            (td_string!(locale, case_label).to_string(), a.case_number.clone()),
        ],
        plan_title: td_string!(locale, agreement_plan).to_string(),
        plan: vec![
            td_string!(locale, agreement_starts, date = date(p.start_date), amount = money(p.start_total)).to_string(),
            td_string!(
                locale,
                plan_nearest,
                count = p.installments.len(),
                amount = money(p.installment_amount),
                date = date(first_due)
            )
            .to_string(),
            format!("{}: {}", td_string!(locale, plan_interest_label), money(p.total_interest)),
            format!("{}: {}", td_string!(locale, plan_pay_in_total), money(p.total_amount)),
        ],
        schedule_caption: format!("{} ({})", td_string!(locale, plan_schedule_caption), a.currency.as_str()),
        columns: [
            td_string!(locale, plan_col_n).to_string(),
            td_string!(locale, plan_col_due).to_string(),
            td_string!(locale, plan_col_amount).to_string(),
            td_string!(locale, plan_col_fees).to_string(),
            td_string!(locale, plan_col_interest).to_string(),
            td_string!(locale, plan_col_principal).to_string(),
            td_string!(locale, plan_col_balance).to_string(),
        ],
        rows: p
            .installments
            .iter()
            .map(|i| {
                [
                    i.n.to_string(),
                    date(i.due_date),
                    format::number(locale, i.amount),
                    format::number(locale, i.fees),
                    format::number(locale, i.interest),
                    format::number(locale, i.principal),
                    format::number(locale, i.balance_after),
                ]
            })
            .collect(),
        terms_title: td_string!(locale, agreement_terms).to_string(),
        terms,
    }
}

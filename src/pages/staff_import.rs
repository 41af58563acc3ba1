//! `/staff/import`: an administrator imports claims from a CSV file. The page documents the
//! columns; the answer to a valid file is the letters' CSV (case numbers, access codes, payment
//! references), downloaded once; a file with problems comes back here with each one by line, and
//! nothing stored. A plain multipart form, so it works without JavaScript.

use leptos::prelude::*;
use leptos_router::params::Params;

use crate::components::data_page::{BackTo, DataPage};
use crate::components::labels;
use crate::components::returned::{returned, Refused};
use crate::components::staff_bar::StaffBar;
use crate::domain::claim_import::{ImportCode, ImportColumn, COLUMNS, MAX_IMPORT_ROWS};
use crate::domain::fee_law::FeeRule;
use crate::domain::{format_amount, Money};
use crate::error::AppError;
use crate::i18n::*;
use crate::staff_data::StaffHeader;

#[server(endpoint = "staff_import")]
pub async fn load_import_page() -> Result<StaffHeader, AppError> {
    use crate::server::app_context::app_context;
    use crate::server::{
        auth::current_staff, staff::screen::admin_creditor, staff::screen::staff_header, store::Store,
    };
    crate::server::app_context::answered(async move {
        let who = current_staff().await?;
        let store = app_context::<Store>()?;
        let creditor = admin_creditor(&store, &who).await?;
        Ok(staff_header(&who, &creditor))
    })
    .await
}

#[component]
pub fn StaffImportPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| load_import_page());
    view! {
        <DataPage title=t_string!(i18n, import_title).to_string() back=BackTo::Queue staff=true data let:header>
            <ImportBody header/>
        </DataPage>
    }
}

fn column_hint(locale: Locale, column: ImportColumn) -> String {
    use ImportColumn as C;
    match column {
        C::DebtorName => td_string!(locale, import_col_debtor_name).to_string(),
        C::Concerns => td_string!(locale, import_col_concerns).to_string(),
        C::OriginalInvoice => td_string!(locale, import_col_original_invoice).to_string(),
        C::Principal => td_string!(locale, import_col_principal).to_string(),
        C::DueDate => td_string!(locale, import_col_due_date).to_string(),
        C::DebtorAddress => td_string!(locale, import_col_debtor_address).to_string(),
        C::DebtorRef => td_string!(locale, import_col_debtor_ref).to_string(),
        C::DebtorEmail | C::DebtorPhone => td_string!(locale, import_col_contact).to_string(),
        C::DebtorLanguage => td_string!(locale, import_col_debtor_language).to_string(),
        C::Interest => td_string!(locale, import_col_interest).to_string(),
        C::InterestRate => td_string!(locale, import_col_interest_rate).to_string(),
        C::CollectionFee => td_string!(locale, import_col_collection_fee).to_string(),
        C::DemandSentOn => td_string!(locale, import_col_demand_sent_on).to_string(),
        C::DebtorKind => td_string!(locale, import_col_debtor_kind).to_string(),
        C::InterestMarginAgreed => td_string!(locale, import_col_interest_margin_agreed).to_string(),
        C::Fee1Kind | C::Fee2Kind | C::Fee3Kind | C::Fee4Kind => td_string!(locale, import_col_fee_kind).to_string(),
        C::Fee1Amount | C::Fee2Amount | C::Fee3Amount | C::Fee4Amount => {
            td_string!(locale, import_col_fee_amount).to_string()
        }
        C::Fee1Date | C::Fee2Date | C::Fee3Date | C::Fee4Date => td_string!(locale, import_col_fee_date).to_string(),
    }
}

pub fn import_problem(locale: Locale, code: ImportCode) -> String {
    match code {
        ImportCode::NotCsv => td_string!(locale, import_not_csv).to_string(),
        ImportCode::QuoteMisplaced => td_string!(locale, import_quote_misplaced).to_string(),
        ImportCode::Empty => td_string!(locale, import_empty).to_string(),
        ImportCode::TooManyRows => td_string!(locale, import_too_many_rows, max = MAX_IMPORT_ROWS).to_string(),
        ImportCode::ColumnMissing => td_string!(locale, import_column_missing).to_string(),
        ImportCode::ColumnUnknown => td_string!(locale, import_column_unknown).to_string(),
        ImportCode::FieldCount => td_string!(locale, import_field_count).to_string(),
        ImportCode::ValueMissing => td_string!(locale, import_value_missing).to_string(),
        ImportCode::TextInvalid => td_string!(locale, import_text_invalid).to_string(),
        ImportCode::AmountInvalid => td_string!(locale, import_amount_invalid).to_string(),
        ImportCode::DateInvalid => td_string!(locale, import_date_invalid).to_string(),
        ImportCode::InterestInvalid => td_string!(locale, import_interest_invalid).to_string(),
        ImportCode::LanguageInvalid => td_string!(locale, import_language_invalid).to_string(),
        ImportCode::FeeAboveCap => td_string!(locale, import_fee_above_cap).to_string(),
        ImportCode::DateOrder => td_string!(locale, import_date_order).to_string(),
        ImportCode::DuplicateInvoice => td_string!(locale, import_duplicate_invoice).to_string(),
        ImportCode::InvoiceRegistered => td_string!(locale, import_invoice_registered).to_string(),
        ImportCode::FeeTooMany => td_string!(locale, import_fee_too_many).to_string(),
        ImportCode::FeeNotAllowed => td_string!(locale, import_fee_not_allowed).to_string(),
        ImportCode::FeeNoRuleForDate => td_string!(locale, import_fee_no_rule_for_date).to_string(),
        ImportCode::MarginNotAgreed => td_string!(locale, import_margin_not_agreed).to_string(),
        ImportCode::ValueInvalid => td_string!(locale, import_value_invalid).to_string(),
        ImportCode::DueBeforeRates => td_string!(locale, import_due_before_rates).to_string(),
    }
}

pub fn fee_rule(locale: Locale, rule: FeeRule) -> String {
    match rule {
        FeeRule::SeReminder => td_string!(locale, fee_rule_se_reminder).to_string(),
        FeeRule::SeCollection => td_string!(locale, fee_rule_se_collection).to_string(),
        FeeRule::SePlanFee => td_string!(locale, fee_rule_se_plan_fee).to_string(),
        FeeRule::NoPurregebyr => td_string!(locale, fee_rule_no_purregebyr).to_string(),
        FeeRule::NoInkassovarsel => td_string!(locale, fee_rule_no_inkassovarsel).to_string(),
        FeeRule::NoNotices => td_string!(locale, fee_rule_no_notices).to_string(),
        FeeRule::NoSalaerLight => td_string!(locale, fee_rule_no_salaer_light).to_string(),
        FeeRule::NoSalaerHeavy => td_string!(locale, fee_rule_no_salaer_heavy).to_string(),
        FeeRule::NotInLaw => td_string!(locale, fee_rule_not_in_law).to_string(),
    }
}

/// What a refused import came back with: `?error=code` for the file as a whole, or `?problems=`
/// for its lines.
#[derive(Params, Clone, Default, PartialEq)]
struct ImportReturn {
    error: Option<Refused>,
    problems: Option<Problems>,
}

/// The file's problems, as `server::staff::import::problems_query` writes them: comma-separated
/// `line:column:code[:rule:cap:sats]` (`@character` in place of the column where the text stops
/// being CSV). One that does not read so is skipped.
#[derive(Debug, Clone, PartialEq)]
struct Problems(Vec<Problem>);

#[derive(Debug, Clone, PartialEq)]
struct Problem {
    line: usize,
    /// Empty for a problem of the whole line; `@N` for the character where the text is no CSV.
    column: String,
    code: ImportCode,
    law: Option<FeeLaw>,
}

/// The law a refused fee broke: its rule, the cap and the rate it is reckoned from (amounts in öre
/// in the address), each left out when it does not read.
#[derive(Debug, Clone, Copy, PartialEq)]
struct FeeLaw {
    rule: FeeRule,
    cap: Option<Money>,
    sats: Option<Money>,
}

impl std::str::FromStr for Problems {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let amount = |minor: &str| minor.parse::<i64>().ok().map(Money::from_minor);
        let problems = s
            .split(',')
            .filter_map(|p| {
                let mut parts = p.splitn(6, ':');
                let (line, column, code) = (parts.next()?, parts.next()?, parts.next()?);
                let law = match (parts.next(), parts.next(), parts.next()) {
                    (Some(rule), Some(cap), Some(sats)) => {
                        rule.parse().ok().map(|rule| FeeLaw { rule, cap: amount(cap), sats: amount(sats) })
                    }
                    _ => None,
                };
                Some(Problem { line: line.parse().ok()?, column: column.to_owned(), code: code.parse().ok()?, law })
            })
            .collect();
        Ok(Self(problems))
    }
}

/// A refused fee's law, in words.
fn fee_law_text(locale: Locale, law: FeeLaw) -> String {
    let amount = |m: Money| format_amount(m, locale != Locale::en);
    let rule = fee_rule(locale, law.rule);
    let rule = match law.sats.map(amount) {
        Some(sats) => td_string!(locale, import_fee_rule_at_sats, rule = rule, sats = sats).to_string(),
        None => rule,
    };
    match law.cap.map(amount) {
        Some(cap) => td_string!(locale, import_fee_cap, cap = cap, rule = rule).to_string(),
        None => rule,
    }
}

#[component]
fn ImportBody(header: StaffHeader) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let q = returned::<ImportReturn>();
    let error = q.error.map(|Refused(code)| code);
    let problems = q.problems.map(|Problems(p)| p).unwrap_or_default();
    let problems = (!problems.is_empty()).then(|| {
        let items = problems
            .into_iter()
            .map(|Problem { line, column, code, law }| {
                let line = line.to_string();
                let at = if let Some(character) = column.strip_prefix('@') {
                    td_string!(locale, import_at_line_character, line = line, character = character).to_string()
                } else if column.is_empty() {
                    td_string!(locale, import_at_line, line = line).to_string()
                } else {
                    td_string!(locale, import_at_line_column, line = line, column = column).to_string()
                };
                let mut text = format!("{at}: {}", import_problem(locale, code));
                if let Some(law) = law {
                    text = format!("{text}: {}", fee_law_text(locale, law));
                }
                view! { <li data-testid="import-problem">{text}</li> }
            })
            .collect_view();
        view! {
            <div class="notice error" role="alert" data-testid="import-problems">
                <p>{t!(i18n, import_nothing_stored)}</p>
                <ul>{items}</ul>
            </div>
        }
    });
    let columns = COLUMNS
        .iter()
        .map(|c| {
            let required =
                if c.is_required() { t_string!(i18n, import_required) } else { t_string!(i18n, import_optional) };
            view! { <tr><td><code>{c.as_str()}</code></td><td>{required}</td><td>{column_hint(locale, *c)}</td></tr> }
        })
        .collect_view();
    view! {
        <StaffBar header/>
        <h1 id="import">{t!(i18n, import_title)}</h1>
        <p>{t!(i18n, import_intro)}</p>
        {error.map(|code| view! { <p class="notice error" role="alert" data-testid="import-error">{labels::error(locale, code, 15)}</p> })}
        {problems}
        <form method="post" action="/staff/import" enctype="multipart/form-data" class="stack">
            <label for="import-file">{t!(i18n, import_file_label)}</label>
            <input id="import-file" name="file" type="file" accept=".csv,text/csv" required aria-describedby="import-file-hint"/>
            <p id="import-file-hint" class="hint">{t_string!(i18n, import_file_hint, max = MAX_IMPORT_ROWS).to_string()}</p>
            <div class="buttons">
                <button type="submit" class="primary">{t!(i18n, import_send)}</button>
            </div>
        </form>
        <section class="card" aria-labelledby="import-columns-title">
            <h2 id="import-columns-title">{t!(i18n, import_columns_title)}</h2>
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="import-columns-title">
                <table class="queue">
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, import_col_column)}</th>
                            <th scope="col">{t!(i18n, import_col_needed)}</th>
                            <th scope="col">{t!(i18n, import_col_meaning)}</th>
                        </tr>
                    </thead>
                    <tbody>{columns}</tbody>
                </table>
            </div>
        </section>
    }
}

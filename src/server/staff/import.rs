//! Importing a creditor's claims: the file checked whole (`domain::claim_import`), an access code
//! generated and argon2-hashed for each letter, everything stored in one transaction, and the
//! letters' data — case number, access code, payment reference — returned once as CSV to print
//! letters from. The codes exist in clear only in that answer. Used by the administrators' import
//! page (`POST /staff/import`) and by `debtor-portal import-claims`.

use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;

use crate::domain::claim_import::{
    due_before_rates, read_import, ImportCode, ImportColumn, ImportProblem, ImportedClaim, MAX_PROBLEMS,
};
use crate::domain::reference::reference;
use crate::error::AppError;
use crate::server::auth::{canonical_code, generate_code, hash_secret, Admin};
use crate::server::http::AppState;
use crate::server::redirect::see_other;
use crate::server::store::{ActorKind, CreditorRecord, Imported, ImportedLetter, Store};

/// The largest file taken: a thousand claims fit in far less.
pub const MAX_IMPORT_BYTES: usize = 2 * 1024 * 1024;

pub enum ImportFailed {
    /// What to correct, by line; nothing was stored.
    Problems(Vec<ImportProblem>),
    Error(AppError),
}

impl<E: Into<AppError>> From<E> for ImportFailed {
    fn from(e: E) -> Self {
        Self::Error(e.into())
    }
}

/// Checks and stores a file for `creditor`; returns the letters as CSV.
pub async fn import_file(
    store: &Store,
    creditor: &CreditorRecord,
    bytes: &[u8],
    actor: (ActorKind, Option<&str>),
    code_lifetime_days: i64,
) -> Result<String, ImportFailed> {
    let today = store.clock().today_in(creditor.country);
    let claims = read_import(bytes, creditor.country, today).map_err(ImportFailed::Problems)?;
    check_rates(store, creditor, &claims).await?;
    let letters = store_claims(store, creditor, &claims, actor, code_lifetime_days).await?;
    let rows = claims.iter().zip(&letters).map(|(claim, letter)| {
        [
            letter.case_number.clone(),
            letter.access_code.clone(),
            letter.code_valid_until.to_string(),
            claim.debtor.name.clone(),
            claim.debtor.address.clone().unwrap_or_default(),
            claim.concerns.clone(),
            claim.original_invoice.clone(),
            claim.claim.principal().to_string(),
            creditor.currency.as_str().to_owned(),
            letter.payment_reference.clone(),
        ]
    });
    Ok(csv_text(LETTER_COLUMNS, rows)?)
}

/// The letters' columns, as the answer's header names them.
const LETTER_COLUMNS: [&str; 10] = [
    "case_number",
    "access_code",
    "code_valid_until",
    "debtor_name",
    "debtor_address",
    "concerns",
    "original_invoice",
    "principal",
    "currency",
    "payment_reference",
];

/// CSV with CRLF line ends, a field quoted only when it must be, and every field defused.
fn csv_text<const N: usize>(
    header: [&str; N],
    rows: impl IntoIterator<Item = [String; N]>,
) -> Result<String, AppError> {
    let failed = |_| AppError::internal();
    let mut out = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    out.write_record(header).map_err(failed)?;
    for row in rows {
        out.write_record(row.iter().map(|f| defused(f))).map_err(failed)?;
    }
    let bytes = out.into_inner().map_err(|_| AppError::internal())?;
    String::from_utf8(bytes).map_err(|_| AppError::internal())
}

/// Refuses claims whose statutory interest starts before the creditor's rate table does.
pub async fn check_rates(
    store: &Store,
    creditor: &CreditorRecord,
    claims: &[ImportedClaim],
) -> Result<(), ImportFailed> {
    let table = store.rate_table(&creditor.rate_table).await?;
    let problems = due_before_rates(claims, &table);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(ImportFailed::Problems(problems))
    }
}

/// What a new claim's letter needs besides the claim: its case number, access code (in clear,
/// this once), how long the code signs in and the reference to pay with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    pub case_number: String,
    pub access_code: String,
    pub code_valid_until: NaiveDate,
    pub payment_reference: String,
}

/// Stores checked claims for `creditor` in one transaction, each with a new access code (stored
/// argon2-hashed); returns their letters in the claims' order. The import and the API both store
/// claims through here.
pub async fn store_claims(
    store: &Store,
    creditor: &CreditorRecord,
    claims: &[ImportedClaim],
    actor: (ActorKind, Option<&str>),
    code_lifetime_days: i64,
) -> Result<Vec<Letter>, ImportFailed> {
    let codes: Vec<String> = claims.iter().map(|_| generate_code()).collect();
    let to_hash = codes.clone();
    let hashes = tokio::task::spawn_blocking(move || {
        to_hash.iter().map(|c| hash_secret(&canonical_code(c))).collect::<Result<Vec<_>, _>>()
    })
    .await
    .map_err(|_| AppError::internal())??;
    let letters: Vec<ImportedLetter> =
        claims.iter().zip(&hashes).map(|(claim, code_hash)| ImportedLetter { claim, code_hash }).collect();
    let expires_at = store.clock().now() + code_lifetime_days * 24 * 60 * 60;
    let case_numbers = match store.import_claims(creditor, &letters, actor, expires_at).await? {
        Imported::Stored(case_numbers) => case_numbers,
        Imported::InvoicesRegistered(at) => {
            let column = Some(ImportColumn::OriginalInvoice.to_string());
            let problem = |i: usize| ImportProblem::new(claims[i].line, column.clone(), ImportCode::InvoiceRegistered);
            return Err(ImportFailed::Problems(at.into_iter().map(problem).collect()));
        }
    };
    let code_valid_until =
        store.clock().today_in(creditor.country) + chrono::Days::new(u64::try_from(code_lifetime_days).unwrap_or(0));
    case_numbers
        .into_iter()
        .zip(codes)
        .map(|(case_number, access_code)| {
            let payment_reference = reference(creditor.reference_scheme, &case_number)?;
            Ok(Letter { case_number, access_code, code_valid_until, payment_reference })
        })
        .collect()
}

/// A field a spreadsheet would run as a formula gets a leading quote mark: one starting with `=`,
/// `+`, `-` or `@`, or with a tab or carriage return (which some spreadsheets skip before reading
/// the formula; OWASP's list).
fn defused(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_owned()
    }
}

/// The problems as the import page's address carries them: `line:column:code`, comma-separated
/// (a column name reduced to letters, digits and underscores; unknown headers are the creditor's;
/// `@character` where the text stops being CSV), a refused fee's with `:rule:cap:sats` after (cap
/// and sats in öre, empty when none).
pub fn problems_query(problems: &[ImportProblem]) -> String {
    problems
        .iter()
        .take(MAX_PROBLEMS)
        .map(|p| {
            let column: String = match p.character {
                Some(character) => format!("@{character}"),
                None => p
                    .column
                    .as_deref()
                    .unwrap_or("")
                    .chars()
                    .take(40)
                    .map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '_' })
                    .collect(),
            };
            let law = p.limit.map(|l| {
                let minor = |m: Option<crate::domain::Money>| m.map(|m| m.minor().to_string()).unwrap_or_default();
                format!(":{}:{}:{}", l.rule, minor(l.cap), minor(l.sats))
            });
            format!("{}:{column}:{}{}", p.line, p.code, law.unwrap_or_default())
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// `POST /staff/import`: an administrator's file, as a multipart form with the field `file`.
pub async fn import_claims(
    State(state): State<AppState>,
    Admin(who): Admin,
    form: Result<Multipart, MultipartRejection>,
) -> Response {
    let imported = async {
        let bytes = read_file(form).await?;
        let creditor = state.store.creditor(&who.creditor_id).await?.ok_or_else(AppError::internal)?;
        let actor = (ActorKind::Staff, Some(who.staff_id.as_str()));
        let csv = import_file(&state.store, &creditor, &bytes, actor, state.config.code_lifetime_days).await?;
        Ok::<_, ImportFailed>((csv, state.clock.today_in(creditor.country)))
    };
    match imported.await {
        Ok((csv, today)) => {
            let name = format!("attachment; filename=\"letters-{today}.csv\"");
            let mut res = csv.into_response();
            let h = res.headers_mut();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
            if let Ok(v) = HeaderValue::from_str(&name) {
                h.insert(header::CONTENT_DISPOSITION, v);
            }
            res
        }
        Err(ImportFailed::Problems(p)) => {
            see_other(&format!("/staff/import?problems={}#import", problems_query(&p)), None)
        }
        Err(ImportFailed::Error(e)) => see_other(&format!("/staff/import?error={}#import", e.code), None),
    }
}

async fn read_file(form: Result<Multipart, MultipartRejection>) -> Result<Vec<u8>, ImportFailed> {
    let refused = || ImportFailed::Error(AppError::new(crate::error::PortalCode::RequestFailed, "not an import form"));
    let mut form = form.map_err(|_| refused())?;
    while let Some(mut field) = form.next_field().await.map_err(|_| refused())? {
        if field.name() != Some("file") {
            continue;
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(|_| refused())? {
            bytes.extend_from_slice(&chunk);
            if bytes.len() > MAX_IMPORT_BYTES {
                return Err(ImportFailed::Error(AppError::new(
                    crate::error::PortalCode::PayloadTooLarge,
                    "file too large",
                )));
            }
        }
        return Ok(bytes);
    }
    Err(ImportFailed::Problems(vec![ImportProblem::new(1, None, crate::domain::claim_import::ImportCode::Empty)]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_and_formulas_defused() {
        let row = |fields: [&str; 2]| fields.map(str::to_owned);
        let text = csv_text(
            ["name", "address"],
            [
                row(["Eva", "Storgatan 1, Stockholm"]),
                row(["say \"hi\"", "=HYPERLINK(\"x\")"]),
                row(["K7QM-4TXP", "-1"]),
                row(["+46 70", "@SUM(A1)"]),
                // Tab and CR lead in formulas too: defused, and the CR quoted.
                row(["\t=1+1", "\r=1+1"]),
            ],
        )
        .unwrap();
        assert_eq!(
            text,
            "name,address\r\n\
             Eva,\"Storgatan 1, Stockholm\"\r\n\
             \"say \"\"hi\"\"\",\"'=HYPERLINK(\"\"x\"\")\"\r\n\
             K7QM-4TXP,'-1\r\n\
             '+46 70,'@SUM(A1)\r\n\
             '\t=1+1,\"'\r=1+1\"\r\n"
        );
    }

    #[test]
    fn the_address_carries_where_the_text_stops_being_csv() {
        use crate::domain::claim_import::ImportCode;
        let problems = [
            ImportProblem::at(3, 9, ImportCode::QuoteMisplaced),
            ImportProblem::new(4, Some("due date!".into()), ImportCode::DateInvalid),
        ];
        assert_eq!(problems_query(&problems), "3:@9:quote_misplaced,4:due_date_:date_invalid");
    }
}

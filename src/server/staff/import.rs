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

use crate::domain::claim_import::{due_before_rates, read_import, ImportProblem, ImportedClaim, MAX_PROBLEMS};
use crate::domain::reference::reference;
use crate::error::AppError;
use crate::server::auth::{canonical_code, generate_code, hash_secret, Admin};
use crate::server::http::AppState;
use crate::server::sign_in::see_other;
use crate::server::store::{ActorKind, CreditorRecord, ImportedLetter, Store};

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
    let mut out = String::from(
        "case_number,access_code,code_valid_until,debtor_name,debtor_address,concerns,original_invoice,principal,currency,payment_reference\r\n",
    );
    for (claim, letter) in claims.iter().zip(&letters) {
        let fields = [
            letter.case_number.as_str(),
            &letter.access_code,
            &letter.code_valid_until.to_string(),
            &claim.debtor.name,
            claim.debtor.address.as_deref().unwrap_or(""),
            &claim.concerns,
            &claim.original_invoice,
            &claim.claim.principal().to_string(),
            creditor.currency.as_str(),
            &letter.payment_reference,
        ]
        .map(csv_field);
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    Ok(out)
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
) -> Result<Vec<Letter>, AppError> {
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
    let case_numbers = store.import_claims(creditor, &letters, actor, expires_at).await?;
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

/// A CSV field, quoted when it must be; a leading `=`, `+`, `-` or `@` is defused with a quote
/// mark so a spreadsheet never runs it as a formula.
fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) { format!("'{s}") } else { s.to_owned() };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// The problems as the import page's address carries them: `line:column:code`, comma-separated
/// (a column name reduced to letters, digits and underscores; unknown headers are the creditor's),
/// a refused fee's with `:rule:cap:sats` after (cap and sats in öre, empty when none).
pub fn problems_query(problems: &[ImportProblem]) -> String {
    problems
        .iter()
        .take(MAX_PROBLEMS)
        .map(|p| {
            let column: String = p
                .column
                .as_deref()
                .unwrap_or("")
                .chars()
                .take(40)
                .map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '_' })
                .collect();
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
        assert_eq!(csv_field("Storgatan 1, Stockholm"), "\"Storgatan 1, Stockholm\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("K7QM-4TXP"), "K7QM-4TXP");
    }
}

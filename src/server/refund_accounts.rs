//! `POST /claims/{id}/refund-account`: the debtor of an overpaid claim gives the account the
//! creditor pays the overpaid amount back to (the portal cannot pay out itself). A plain form post:
//! it works without JavaScript. Only while the claim is overpaid today in the creditor's country.

use axum::extract::State;
use axum::response::Response;
use axum::Form;

use super::auth::DebtorClaim;
use super::debtor_forms::{back_to, error_query};
use super::http::AppState;
use crate::domain::refund_account::RefundAccount;
use crate::domain::statement::statement;
use crate::error::{AppError, PortalCode};

/// As the debtor sees their own account again: enough to recognise it, not enough to read it off
/// a shared screen.
pub fn masked(account: &RefundAccount) -> String {
    let digits = match account {
        RefundAccount::Se { account, .. } | RefundAccount::No { account } => account,
    };
    format!("•••• {}", &digits[digits.len().saturating_sub(4)..])
}

#[derive(serde::Deserialize)]
pub struct RefundAccountForm {
    #[serde(default)]
    clearing: String,
    #[serde(default)]
    account: String,
}

pub async fn give_refund_account(
    State(state): State<AppState>,
    DebtorClaim { who, claim: rec }: DebtorClaim,
    Form(form): Form<RefundAccountForm>,
) -> Response {
    let outcome = async {
        let (creditor, table, claim) = state.store.engine_inputs(&rec).await?;
        let today = state.clock.today_in(creditor.country);
        let fault = |e| AppError::stored_data(&format!("claim {}", rec.id), e);
        if !statement(&claim, &table, today).map_err(fault)?.overpaid.is_positive() {
            return Err(AppError::new(PortalCode::NothingToRefund, "the claim is not overpaid"));
        }
        let account = RefundAccount::from_fields(creditor.country, &form.clearing, &form.account)?;
        state.store.save_refund_account(&rec.id, &who.debtor_id, &account).await?;
        Ok(())
    }
    .await;
    match outcome {
        Ok(()) => back_to(&rec.id, "", "refund_account=1", "refund-account"),
        Err(e) => back_to(&rec.id, "", &error_query("refund_error", e.code), "refund-account"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_last_four_digits_show() {
        let se = RefundAccount::Se { clearing: "83279".into(), account: "123456789".into() };
        assert_eq!(masked(&se), "•••• 6789");
        assert_eq!(masked(&RefundAccount::No { account: "12345678903".into() }), "•••• 8903");
    }
}

//! Proposing a plan as the plan page does: the engine's schedule for a choice, and the form that
//! carries the choice with the digest of the schedule shown.

#![allow(dead_code)]

use chrono::{Days, NaiveDate};
use debtor_portal::domain::proposal::{ChosenSize, PlanChoice, PlanInputs, Proposal};

use super::app;

/// The calculator's inputs as the server builds them today.
pub async fn inputs(app: &app::App, case: &str) -> PlanInputs {
    let rec = app.claim(case).await;
    let (creditor, table, claim) = app.state.store.engine_inputs(&rec).await.unwrap();
    PlanInputs { claim, table, policy: creditor.policy, today: app.today() }
}

pub fn in_days(app: &app::App, days: u64) -> NaiveDate {
    app.today().checked_add_days(Days::new(days)).unwrap()
}

pub fn installments(count: u32, first_due: NaiveDate) -> PlanChoice {
    PlanChoice { size: ChosenSize::Installments { count }, first_due }
}

/// The form a page sends for `choice`, with the digest of the schedule `shown` beside it.
pub fn form(choice: &PlanChoice, shown: &str) -> Vec<(&'static str, String)> {
    let mut f = vec![("mode", choice.mode().to_string()), ("first_due", choice.first_due.to_string())];
    match choice.size {
        ChosenSize::Installments { count } => f.push(("count", count.to_string())),
        ChosenSize::Amount { amount } => f.push(("amount", amount.to_string())),
    }
    f.push(("shown", shown.to_owned()));
    f
}

pub async fn post(app: &app::App, path: &str, form: &[(&str, String)], cookie: &str) -> reqwest::Response {
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.post_form(path, &pairs, &[("cookie", cookie)]).await
}

/// Sends `choice` as the page would after showing the engine's schedule for it.
pub async fn propose(app: &app::App, case: &str, cookie: &str, choice: &PlanChoice) -> (reqwest::Response, Proposal) {
    let expected = inputs(app, case).await.basis().propose(*choice).unwrap();
    let id = app.claim_id(case).await;
    let r = post(app, &format!("/claims/{id}/plan"), &form(choice, &expected.plan.fingerprint()), cookie).await;
    (r, expected)
}

/// Proposes sixty instalments on `case`'s claim, which the rules refuse: an automatic decision the
/// debtor may ask a person to review. The id of the refusal's audit line.
pub async fn refused_plan(app: &app::App, case: &str, cookie: &str) -> i64 {
    let (r, _) = propose(app, case, cookie, &installments(60, in_days(app, 14))).await;
    assert!(app::App::location(&r).contains("error=plan_rejected"));
    let (line,): (i64,) = sqlx::query_as("SELECT id FROM audit_log WHERE action = 'plan_rejected'")
        .fetch_one(app.state.store.pool())
        .await
        .unwrap();
    line
}

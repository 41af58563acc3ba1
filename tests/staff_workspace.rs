//! The staff decision screens' side column over real HTTP, on SQLite and PostgreSQL: a deferral
//! and a review screen show the claim itemised (charged, paid, left) with the same amounts as the
//! debtor's claim page, the debtor's hardship statement only when it was shared for this claim, and
//! only to the claim's own creditor; a skip link leads to the decision form's first field, and a
//! decision post lands on its result message.
//!
//! Amounts at the test clock (2026-11-23), worked out by hand: Anna, 40010001 (SE, reference rate
//! 2.00 + 8 = 10 %, act/365): principal 2,485.00 due 2026-10-24, nothing paid; 30 days of interest
//! 2485 × 10 × 30 / 36500 = 20.42; fees: reminder 60.00 and collection fee 180.00 = 240.00;
//! total 2,485.00 + 20.42 + 240.00 = 2,745.42.
#![cfg(feature = "ssr")]

#[path = "support/app.rs"]
mod app;
#[path = "support/plan_forms.rs"]
mod plan_forms;
#[path = "support/staff_pages.rs"]
mod staff_pages;

use app::db::TestDb;
use chrono::Days;
use debtor_portal::server::store::{ActorKind, AuditAction};
use plan_forms::{in_days, inputs, installments};
use reqwest::multipart::Form;
use staff_pages::{en, staff_session, text, ANNA, KVIKK_AGENT, NORDLJUS_AGENT};

const ANNAS_OTHER: (&str, &str) = ("40010009", "L6DW-9KEC");

/// Anna asks to pay 200 days later, beyond what the policy grants at once; returns the request's id.
async fn waiting_deferral(app: &app::App, anna: &str) -> String {
    let claim_id = app.claim_id(ANNA.0).await;
    let date = app.today().checked_add_days(Days::new(200)).unwrap();
    let r = app
        .post_form(&format!("/claims/{claim_id}/deferral"), &[("date", &date.to_string())], &[("cookie", anna)])
        .await;
    assert_eq!(app::App::location(&r), format!("/claims/{claim_id}?deferral_sent=1#deferral"));
    app.state.store.deferrals_of_claim(&claim_id).await.unwrap()[0].id.clone()
}

/// Anna's plan of 60 installments is refused by the rules, and she asks a person to look at it;
/// returns the review request's id.
async fn waiting_review(app: &app::App, anna: &str) -> String {
    let claim_id = app.claim_id(ANNA.0).await;
    let choice = installments(60, in_days(app, 14));
    let shown = inputs(app, ANNA.0).await.basis().propose(choice).unwrap().plan.fingerprint();
    let first = choice.first_due.to_string();
    let form = [("mode", "installments"), ("count", "60"), ("first_due", first.as_str()), ("shown", shown.as_str())];
    let r = app.post_form(&format!("/claims/{claim_id}/plan"), &form, &[("cookie", anna)]).await;
    assert!(app::App::location(&r).contains("error=plan_rejected"));
    let debtor = app.claim(ANNA.0).await.debtor_id;
    let audit = app.state.store.audit_by(ActorKind::Debtor, debtor.as_str()).await.unwrap();
    let line = audit.iter().find(|a| a.action == AuditAction::PlanRejected).unwrap().id.to_string();
    let form = [("decision", line.as_str()), ("explanation", "Jag klarar bara 300 kr i månaden.")];
    let r = app.post_form("/my-data/review", &form, &[("cookie", anna)]).await;
    assert_eq!(app::App::location(&r), "/my-data?sent=1#reviews");
    app.state.store.review_requests_of(&debtor).await.unwrap()[0].id.clone()
}

/// Anna shares a hardship statement for the claims `claims` (ids).
async fn share_hardship(app: &app::App, cookie: &str, explanation: &str, claims: &[String]) {
    let mut form = Form::new()
        .text("situation", "illness")
        .text("monthly_income", "14250.50")
        .text("explanation", explanation.to_owned())
        .text("consent", "yes");
    for c in claims {
        form = form.text("claims", c.clone());
    }
    let r = app.post_multipart("/hardship", form, cookie).await;
    assert_eq!(app::App::location(&r), "/hardship?sent=1#current");
}

/// The screen shows Anna's claim itemised, with the literals worked out above.
fn assert_itemised(screen: &str) {
    for (id, amount) in [
        ("claim-principal-original", "2485.00"),
        ("claim-principal-paid", "0.00"),
        ("claim-principal", "2485.00"),
        ("claim-interest-accrued", "20.42"),
        ("claim-interest-paid", "0.00"),
        ("claim-interest", "20.42"),
        ("claim-fees-charged", "240.00"),
        ("claim-fees-paid", "0.00"),
        ("claim-fees", "240.00"),
        ("claim-total-outstanding", "2745.42"),
    ] {
        let needle = format!(r#"data-testid="{id}" data-amount="{amount}""#);
        assert!(screen.contains(&needle), "{needle} not on the screen: {screen}");
    }
}

async fn the_deferral_and_review_screens_show_the_claim_and_the_debtors_situation(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let anna = app.session(ANNA.0, ANNA.1).await;
    let review = waiting_review(&app, &anna).await;
    let deferral = waiting_deferral(&app, &anna).await;
    let agent = staff_session(&app, NORDLJUS_AGENT).await;
    let kvikk = staff_session(&app, KVIKK_AGENT).await;
    let screens = [format!("/staff/deferrals/{deferral}"), format!("/staff/reviews/{review}")];
    for (path, first_field) in screens.iter().zip(["deferral-note", "review-answer"]) {
        // Another creditor's agent sees nothing of it, the amounts included.
        let refused = en(&app, path, &kvikk).await;
        assert_eq!(refused.status(), 404, "{path}");
        assert!(!text(refused).await.contains("2745.42"), "{path}");
        let screen = text(en(&app, path, &agent).await).await;
        assert_itemised(&screen);
        // The same amounts as on Anna's own claim page.
        let claim_page = text(en(&app, &format!("/claims/{}", app.claim_id(ANNA.0).await), &anna).await).await;
        assert!(claim_page.contains(r#"data-testid="total-outstanding" data-amount="2745.42""#), "{claim_page}");
        assert!(screen.contains(r#"data-testid="hardship-none""#), "{path}: no statement yet");
        assert!(screen.contains(&format!(r##"href="#{first_field}""##)), "{path}: the skip link leads to the form");
        assert!(screen.contains(r#"class="item-context""#), "{path}");
    }

    // A statement shared for Anna's other claim only stays off this claim's screens.
    let added = app
        .post_form(
            "/sign-in/add-letter",
            &[("case_number", ANNAS_OTHER.0), ("access_code", ANNAS_OTHER.1)],
            &[("cookie", &anna)],
        )
        .await;
    let anna = added.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
    let (this, other) = (app.claim_id(ANNA.0).await.to_string(), app.claim_id(ANNAS_OTHER.0).await.to_string());
    share_hardship(&app, &anna, "Only about the other claim.", std::slice::from_ref(&other)).await;
    for path in &screens {
        let screen = text(en(&app, path, &agent).await).await;
        assert!(screen.contains(r#"data-testid="hardship-none""#) && !screen.contains("Only about the other claim."));
    }
    // A debtor keeps one statement: the first is withdrawn before the second is shared.
    let debtor = app.claim(ANNA.0).await.debtor_id;
    let first = app.state.store.hardships_of(&debtor).await.unwrap().pop().unwrap().id;
    let r = app.post_form("/hardship/withdraw", &[("hardship", &first)], &[("cookie", &anna)]).await;
    assert_eq!(app::App::location(&r), "/hardship?withdrawn=1");
    share_hardship(&app, &anna, "Sjukskriven sedan september.", &[this]).await;
    for path in &screens {
        let screen = text(en(&app, path, &agent).await).await;
        assert!(screen.contains(r#"data-testid="proposal-hardship""#), "{path}: {screen}");
        assert!(screen.contains("Sjukskriven sedan september.") && screen.contains("14,250.50"), "{path}: {screen}");
        assert!(!screen.contains("hardship-none"), "{path}");
    }

    // A refused post and a decision both land on their result message, which the screen makes the
    // focusable target `#decision`; a decided item's skip link leads to the decision section.
    let post = |note: &'static str| {
        let (app, agent, deferral) = (&app, agent.clone(), deferral.clone());
        async move {
            let form = [("outcome", "declined"), ("note", note)];
            app.post_form(&format!("/staff/deferrals/{deferral}/decision"), &form, &[("cookie", &agent)]).await
        }
    };
    let refused = app::App::location(&post("").await);
    assert!(refused.ends_with("#decision") && refused.contains("error="), "{refused}");
    let screen = text(en(&app, &refused, &agent).await).await;
    assert!(screen.contains(r#"role="alert" id="decision" tabindex="-1""#), "{screen}");
    let decided = app::App::location(&post("Högst 30 dagar; en avbetalningsplan passar bättre.").await);
    assert_eq!(decided, format!("/staff/deferrals/{deferral}?decided=1#decision"));
    let screen = text(en(&app, &decided, &agent).await).await;
    assert!(screen.contains(r#"role="status" id="decision" tabindex="-1""#), "{screen}");
    assert_eq!(screen.matches(r#" id="decision""#).count(), 1, "one target");
    assert!(screen.contains(r##"href="#decision-section""##) && screen.contains(r#"id="decision-section""#));
    assert_itemised(&screen);
}

on_both_backends!(crate::app::db; the_deferral_and_review_screens_show_the_claim_and_the_debtors_situation);

//! Creditor staff deciding deferral requests and answering review requests over real HTTP, on
//! SQLite and PostgreSQL: only the claim's own creditor sees them; a grant moves the pay-by date,
//! a refusal tells the debtor why; an answer to a review is read under "My data"; bad input and a
//! second decision change nothing.
#![cfg(feature = "ssr")]

#[path = "support/app.rs"]
mod app;
#[path = "support/plan_forms.rs"]
mod plan_forms;
#[path = "support/staff_pages.rs"]
mod staff_pages;

use app::db::TestDb;
use chrono::{Days, NaiveDate};
use debtor_portal::domain::decision::{ItemKind, Outcome};
use debtor_portal::server::store::{ActorKind, AuditAction, DeferralState, ReviewState};
use plan_forms::{in_days, inputs, installments};
use staff_pages::{en, staff_session, text, ANNA, KVIKK_AGENT, NORDLJUS_AGENT};

/// Anna asks to pay 200 days later, beyond what the policy grants at once; returns the request's id
/// and the date.
async fn waiting_deferral(app: &app::App) -> (String, NaiveDate) {
    let anna = app.session(ANNA.0, ANNA.1).await;
    let claim_id = app.claim_id(ANNA.0).await;
    let date = app.today().checked_add_days(Days::new(200)).unwrap();
    let r = app
        .post_form(&format!("/claims/{claim_id}/deferral"), &[("date", &date.to_string())], &[("cookie", &anna)])
        .await;
    assert_eq!(app::App::location(&r), format!("/claims/{claim_id}?deferral_sent=1#deferral"));
    let all = app.state.store.deferrals_of_claim(&claim_id).await.unwrap();
    assert_eq!(all[0].state, DeferralState::Pending);
    (all[0].id.clone(), date)
}

/// Anna's plan of 60 installments is refused by the rules, and she asks a person to look at it.
async fn waiting_review(app: &app::App) -> String {
    let anna = app.session(ANNA.0, ANNA.1).await;
    let claim_id = app.claim_id(ANNA.0).await;
    let choice = installments(60, in_days(app, 14));
    let shown = inputs(app, ANNA.0).await.basis().propose(choice).unwrap().plan.fingerprint();
    let first = choice.first_due.to_string();
    let form = [("mode", "installments"), ("count", "60"), ("first_due", first.as_str()), ("shown", shown.as_str())];
    let r = app.post_form(&format!("/claims/{claim_id}/plan"), &form, &[("cookie", &anna)]).await;
    assert!(app::App::location(&r).contains("error=plan_rejected"));
    let debtor = app.claim(ANNA.0).await.debtor_id;
    let audit = app.state.store.audit_by(ActorKind::Debtor, debtor.as_str()).await.unwrap();
    let line = audit.iter().find(|a| a.action == AuditAction::PlanRejected).unwrap().id.to_string();
    let form = [("decision", line.as_str()), ("explanation", "Jag klarar bara 300 kr i månaden.")];
    let r = app.post_form("/my-data/review", &form, &[("cookie", &anna)]).await;
    assert_eq!(app::App::location(&r), "/my-data?sent=1#reviews");
    app.state.store.review_requests_of(&debtor).await.unwrap()[0].id.clone()
}

async fn a_granted_deferral_moves_the_pay_by_date(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let (id, date) = waiting_deferral(&app).await;
    let agent = staff_session(&app, NORDLJUS_AGENT).await;
    let queue = text(en(&app, "/staff/queue?kind=deferral", &agent).await).await;
    assert!(queue.contains(&format!("/staff/deferrals/{id}")), "{queue}");
    let screen = text(en(&app, &format!("/staff/deferrals/{id}"), &agent).await).await;
    assert!(screen.contains("Deferral request") && screen.contains(&date.to_string()), "{screen}");
    assert!(screen.contains("Later than the") && screen.contains(">Grant<"), "{screen}");
    let r = app
        .post_form(
            &format!("/staff/deferrals/{id}/decision"),
            &[("outcome", "granted"), ("note", "")],
            &[("cookie", &agent)],
        )
        .await;
    assert_eq!(app::App::location(&r), format!("/staff/deferrals/{id}?decided=1#decision"));
    let claim_id = app.claim_id(ANNA.0).await;
    let d = app.state.store.deferrals_of_claim(&claim_id).await.unwrap().remove(0);
    assert_eq!((d.state, d.by_policy), (DeferralState::Granted, false));
    let decision = app.state.store.decision_on(ItemKind::Deferral, &id).await.unwrap().unwrap();
    assert_eq!(decision.outcome, Outcome::Granted);
    let audit = app.state.store.audit_by(ActorKind::Staff, decision.staff_id.as_ref().unwrap().as_str()).await.unwrap();
    assert!(audit.iter().any(|e| e.action == AuditAction::DeferralGranted && e.detail["deferral"] == id.as_str()));
    let anna = app.session(ANNA.0, ANNA.1).await;
    let page = text(en(&app, &format!("/claims/{claim_id}"), &anna).await).await;
    assert!(page.contains(&format!("datetime=\"{date}\"")), "the pay-by date moved: {page}");
    assert!(page.contains("The creditor granted your later pay-by date on 2026-11-23"), "{page}");
    assert_eq!(page.matches("A later pay-by date was granted").count(), 1, "one step, not two");
    // Decided once.
    let r = app
        .post_form(
            &format!("/staff/deferrals/{id}/decision"),
            &[("outcome", "declined"), ("note", "Nej")],
            &[("cookie", &agent)],
        )
        .await;
    assert_eq!(app::App::location(&r), format!("/staff/deferrals/{id}?error=already_decided#decision"));
}

async fn a_declined_deferral_says_why_and_bad_input_changes_nothing(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let (id, _) = waiting_deferral(&app).await;
    let agent = staff_session(&app, NORDLJUS_AGENT).await;
    let post = |form: Vec<(&'static str, &'static str)>, cookie: String| {
        let (app, id) = (&app, id.clone());
        async move { app.post_form(&format!("/staff/deferrals/{id}/decision"), &form, &[("cookie", &cookie)]).await }
    };
    for (form, code) in [
        (vec![("outcome", "")], "outcome_missing"),
        (vec![("outcome", "approved")], "outcome_missing"),
        (vec![("outcome", "declined"), ("note", " ")], "deferral_note_missing"),
    ] {
        let r = post(form, agent.clone()).await;
        assert_eq!(app::App::location(&r), format!("/staff/deferrals/{id}?error={code}#decision"));
        assert_eq!(app.state.store.deferral(&id).await.unwrap().unwrap().state, DeferralState::Pending);
    }
    let kvikk = staff_session(&app, KVIKK_AGENT).await;
    assert_eq!(en(&app, &format!("/staff/deferrals/{id}"), &kvikk).await.status(), 404);
    assert_eq!(post(vec![("outcome", "granted")], kvikk).await.status(), 404);
    assert_eq!(app.state.store.deferral(&id).await.unwrap().unwrap().state, DeferralState::Pending);
    let why = "Vi kan ge anstånd i högst 30 dagar.";
    let r = post(vec![("outcome", "declined"), ("note", why)], agent.clone()).await;
    assert_eq!(app::App::location(&r), format!("/staff/deferrals/{id}?decided=1#decision"));
    assert_eq!(app.state.store.deferral(&id).await.unwrap().unwrap().state, DeferralState::Declined);
    let anna = app.session(ANNA.0, ANNA.1).await;
    let claim_id = app.claim_id(ANNA.0).await;
    let page = text(en(&app, &format!("/claims/{claim_id}"), &anna).await).await;
    assert!(
        page.contains("declined your request for a later pay-by date on 2026-11-23") && page.contains(why),
        "{page}"
    );
    assert!(page.contains("The creditor declined a later pay-by date"), "in the timeline");
}

async fn a_review_is_answered_in_the_agents_words(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let id = waiting_review(&app).await;
    let agent = staff_session(&app, NORDLJUS_AGENT).await;
    let kvikk = staff_session(&app, KVIKK_AGENT).await;
    let queue = text(en(&app, "/staff/queue?kind=review_request", &agent).await).await;
    assert!(queue.contains(&format!("/staff/reviews/{id}")), "{queue}");
    assert!(!text(en(&app, "/staff/queue", &kvikk).await).await.contains(&id));
    assert_eq!(en(&app, &format!("/staff/reviews/{id}"), &kvikk).await.status(), 404);
    let screen = text(en(&app, &format!("/staff/reviews/{id}"), &agent).await).await;
    assert!(screen.contains("Jag klarar bara 300 kr i månaden.") && screen.contains("refused"), "{screen}");
    let answer = |note: &'static str, cookie: String| {
        let (app, id) = (&app, id.clone());
        async move { app.post_form(&format!("/staff/reviews/{id}/answer"), &[("note", note)], &[("cookie", &cookie)]).await }
    };
    let r = answer("  ", agent.clone()).await;
    assert_eq!(app::App::location(&r), format!("/staff/reviews/{id}?error=answer_missing#decision"));
    assert_eq!(answer("Sett.", kvikk).await.status(), 404);
    assert_eq!(app.state.store.review_request(&id).await.unwrap().unwrap().state, ReviewState::Pending);
    let words = "Jag har gått igenom din ekonomi: 24 månader à 1 100 kr går bra, föreslå det.";
    let r = answer(words, agent.clone()).await;
    assert_eq!(app::App::location(&r), format!("/staff/reviews/{id}?decided=1#decision"));
    assert_eq!(app.state.store.review_request(&id).await.unwrap().unwrap().state, ReviewState::Answered);
    let anna = app.session(ANNA.0, ANNA.1).await;
    let page = text(en(&app, "/my-data", &anna).await).await;
    assert!(page.contains("Answered on 2026-11-23") && page.contains(words), "{page}");
    let r = answer("Igen.", agent).await;
    assert_eq!(app::App::location(&r), format!("/staff/reviews/{id}?error=already_decided#decision"));
}

on_both_backends!(crate::app::db;
    a_granted_deferral_moves_the_pay_by_date,
    a_declined_deferral_says_why_and_bad_input_changes_nothing,
    a_review_is_answered_in_the_agents_words,
);

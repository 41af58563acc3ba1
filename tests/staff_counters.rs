//! Counter-proposals over real HTTP, on SQLite and PostgreSQL: an agent answers a proposal with
//! another number of installments or amount, the engine computes the plan on the server, the
//! debtor accepts or declines it in the portal; it never waits in the creditor's queue, no agent
//! approves it for the debtor, and a bad or out-of-policy counter changes nothing.
#![cfg(feature = "ssr")]

#[path = "support/app.rs"]
mod app;
#[path = "support/plan_forms.rs"]
mod plan_forms;
#[path = "support/staff_pages.rs"]
mod staff_pages;

use app::db::TestDb;
use debtor_portal::domain::decision::{ItemKind, Outcome};
use debtor_portal::domain::proposal::ChosenSize;
use debtor_portal::domain::{ClaimStatus, Money, StaffId};
use debtor_portal::server::store::{ActorKind, AuditAction, ProposalState};
use plan_forms::{in_days, inputs, installments, propose};
use staff_pages::{en, pending_proposal, staff_session, text, ANNA, KVIKK_AGENT, NORDLJUS_AGENT};

async fn counter(app: &app::App, id: &str, cookie: &str, form: &[(&str, &str)]) -> reqwest::Response {
    app.post_form(&format!("/staff/proposals/{id}/counter"), form, &[("cookie", cookie)]).await
}

fn back(id: &str, query: &str) -> String {
    format!("/staff/proposals/{id}?{query}#decision")
}

async fn the_engine_computes_the_counter_and_the_debtor_accepts_it(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let id = pending_proposal(&app).await;
    let debtors = app.state.store.proposal(&id).await.unwrap().unwrap();
    let agent = staff_session(&app, NORDLJUS_AGENT).await;
    let note = "Tio månader går bra.";
    let r = counter(&app, id.as_str(), &agent, &[("count", "10"), ("amount", ""), ("note", note)]).await;
    assert_eq!(app::App::location(&r), back(id.as_str(), "decided=1"));
    assert_eq!(app.state.store.proposal(&id).await.unwrap().unwrap().state, ProposalState::Declined);
    let decision = app.state.store.decision_on(ItemKind::PlanProposal, id.as_str()).await.unwrap().unwrap();
    assert_eq!((decision.outcome, decision.note.as_str()), (Outcome::Countered, note));
    // The stored counter is the engine's plan for 10 installments from the debtor's first due date.
    let c = app.state.store.counter_to(&id).await.unwrap().expect("a counter-proposal");
    let choice = installments(10, debtors.choice.first_due);
    let expected = inputs(&app, ANNA.0).await.basis().propose(choice).unwrap();
    assert_eq!(
        (c.state, c.choice, c.installments.clone()),
        (ProposalState::Pending, choice, expected.plan.installments)
    );
    assert_eq!(
        (c.offered_by.as_deref(), c.answers.as_deref()),
        (decision.staff_id.as_ref().map(StaffId::as_str), Some(id.as_str()))
    );
    assert_eq!(app.status(ANNA.0).await, ClaimStatus::PlanProposed);
    // It waits for the debtor: not in the queue, and no agent approves it for them.
    let queue = text(en(&app, "/staff/queue", &agent).await).await;
    assert!(!queue.contains(c.id.as_str()) && !queue.contains(id.as_str()), "{queue}");
    let r = app
        .post_form(&format!("/staff/proposals/{}/decision", c.id), &[("outcome", "approved")], &[("cookie", &agent)])
        .await;
    assert_eq!(app::App::location(&r), back(c.id.as_str(), "error=not_pending"));
    assert_eq!(app.state.store.proposal(&c.id).await.unwrap().unwrap().state, ProposalState::Pending);
    let screen = text(en(&app, &format!("/staff/proposals/{id}"), &agent).await).await;
    assert!(screen.contains("Counter-proposal by Karin Lund") && screen.contains("Waiting for the debtor"), "{screen}");
    // Anna reads it, cannot withdraw it as if it were hers or propose over it, and accepts it.
    let anna = app.session(ANNA.0, ANNA.1).await;
    let claim_id = app.claim_id(ANNA.0).await;
    let page = text(en(&app, &format!("/claims/{claim_id}/plan"), &anna).await).await;
    assert!(page.contains("The creditor proposes another plan") && page.contains(note), "{page}");
    assert_eq!(page.matches(r#"data-testid="plan-row""#).count(), 10);
    let r = app.post_form(&format!("/claims/{claim_id}/plan/withdraw"), &[], &[("cookie", &anna)]).await;
    assert!(app::App::location(&r).contains("error=no_pending_proposal"));
    let (r, _) = propose(&app, ANNA.0, &anna, &installments(3, in_days(&app, 10))).await;
    assert!(app::App::location(&r).contains("error=plan_already_open"));
    let r = app.post_form(&format!("/claims/{claim_id}/plan/counter/accept"), &[], &[("cookie", &anna)]).await;
    assert_eq!(app::App::location(&r), format!("/claims/{claim_id}/plan?counter_accepted=1#plan"));
    assert_eq!(app.state.store.proposal(&c.id).await.unwrap().unwrap().state, ProposalState::Active);
    assert_eq!(app.status(ANNA.0).await, ClaimStatus::PlanActive);
    let audit = app.state.store.audit_by(ActorKind::Debtor, debtors.debtor_id.as_str()).await.unwrap();
    assert!(audit.iter().any(|e| e.action == AuditAction::CounterAccepted && e.detail["proposal"] == c.id.as_str()));
    let screen = text(en(&app, &format!("/staff/proposals/{id}"), &agent).await).await;
    assert!(screen.contains("The debtor accepted it"), "{screen}");
    // Answered once: a second answer finds nothing waiting.
    let r = app.post_form(&format!("/claims/{claim_id}/plan/counter/decline"), &[], &[("cookie", &anna)]).await;
    assert!(app::App::location(&r).contains("error=no_pending_proposal"));
    assert_eq!(app.status(ANNA.0).await, ClaimStatus::PlanActive);
}

async fn a_declined_counter_lets_the_debtor_propose_again(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let id = pending_proposal(&app).await;
    let agent = staff_session(&app, NORDLJUS_AGENT).await;
    let r = counter(&app, id.as_str(), &agent, &[("count", ""), ("amount", "400"), ("note", "")]).await;
    assert_eq!(app::App::location(&r), back(id.as_str(), "decided=1"));
    let c = app.state.store.counter_to(&id).await.unwrap().unwrap();
    assert_eq!(c.choice.size, ChosenSize::Amount { amount: Money::from_minor(40_000) });
    // Another debtor's session cannot answer it.
    let claim_id = app.claim_id(ANNA.0).await;
    let erik = app.session("40010002", "R3WZ-8HNC").await;
    let r = app.post_form(&format!("/claims/{claim_id}/plan/counter/accept"), &[], &[("cookie", &erik)]).await;
    assert_ne!(r.status(), 200);
    assert_eq!(app.state.store.proposal(&c.id).await.unwrap().unwrap().state, ProposalState::Pending);
    let anna = app.session(ANNA.0, ANNA.1).await;
    let r = app.post_form(&format!("/claims/{claim_id}/plan/counter/decline"), &[], &[("cookie", &anna)]).await;
    assert_eq!(app::App::location(&r), format!("/claims/{claim_id}/plan?counter_declined=1#plan"));
    assert_eq!(app.state.store.proposal(&c.id).await.unwrap().unwrap().state, ProposalState::Declined);
    assert_eq!(app.status(ANNA.0).await, ClaimStatus::DemandSent, "back to the status before the proposal");
    let (r, _) = propose(&app, ANNA.0, &anna, &installments(3, in_days(&app, 10))).await;
    assert_eq!(app::App::location(&r), format!("/claims/{claim_id}/plan?sent=1#plan"));
    let screen = text(en(&app, &format!("/staff/proposals/{id}"), &agent).await).await;
    assert!(screen.contains("The debtor declined it"), "{screen}");
    let claim = text(en(&app, &format!("/claims/{claim_id}"), &anna).await).await;
    assert!(claim.contains("The creditor proposed another plan"), "in the claim's history: {claim}");
}

async fn a_bad_or_foreign_counter_changes_nothing(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let id = pending_proposal(&app).await;
    let agent = staff_session(&app, NORDLJUS_AGENT).await;
    let over = (inputs(&app, ANNA.0).await.policy.terms().max_installments + 1).to_string();
    let long = "x".repeat(2001);
    for (form, code) in [
        (vec![("count", "10"), ("amount", "500")], "amount_xor_installments"),
        (vec![("count", ""), ("amount", "")], "amount_xor_installments"),
        (vec![("count", "0")], "invalid_installments"),
        (vec![("count", "ten")], "invalid_installments"),
        (vec![("amount", "-5")], "invalid_amount"),
        (vec![("count", over.as_str())], "counter_outside_policy"),
        (vec![("count", "10"), ("note", long.as_str())], "note_too_long"),
    ] {
        let r = counter(&app, id.as_str(), &agent, &form).await;
        assert_eq!(app::App::location(&r), back(id.as_str(), &format!("error={code}")), "{form:?}");
        assert_eq!(app.state.store.proposal(&id).await.unwrap().unwrap().state, ProposalState::Pending);
        assert!(app.state.store.counter_to(&id).await.unwrap().is_none());
    }
    let kvikk = staff_session(&app, KVIKK_AGENT).await;
    assert_eq!(counter(&app, id.as_str(), &kvikk, &[("count", "10")]).await.status(), 404);
    let anna = app.session(ANNA.0, ANNA.1).await;
    let r = counter(&app, id.as_str(), &anna, &[("count", "10")]).await;
    assert_eq!(app::App::location(&r), "/staff?error=unauthenticated#sign-in");
    assert!(app.state.store.counter_to(&id).await.unwrap().is_none());
    assert!(app.state.store.decision_on(ItemKind::PlanProposal, id.as_str()).await.unwrap().is_none());
    // Decided first, a counter is refused with who decided.
    let r = app
        .post_form(&format!("/staff/proposals/{id}/decision"), &[("outcome", "approved")], &[("cookie", &agent)])
        .await;
    assert_eq!(app::App::location(&r), back(id.as_str(), "decided=1"));
    let r = counter(&app, id.as_str(), &agent, &[("count", "10")]).await;
    assert_eq!(app::App::location(&r), back(id.as_str(), "error=already_decided"));
    assert!(app.state.store.counter_to(&id).await.unwrap().is_none());
}

on_both_backends!(crate::app::db;
    the_engine_computes_the_counter_and_the_debtor_accepts_it,
    a_declined_counter_lets_the_debtor_propose_again,
    a_bad_or_foreign_counter_changes_nothing,
);

//! Creditor staff answering disputes over real HTTP, on SQLite and PostgreSQL: only the claim's own
//! creditor sees the dispute and its evidence; a rejection leaves the claim contested (no ordinary
//! collection) and the debtor reads why and where to go next; an upheld dispute withdraws the claim or lowers its principal (ending
//! a plan made for the old amount); bad answers change nothing; two agents, one answer.
#![cfg(feature = "ssr")]

#[path = "support/app.rs"]
mod app;
#[path = "support/files.rs"]
mod files;
#[path = "support/plan_forms.rs"]
mod plan_forms;
#[path = "support/staff_pages.rs"]
mod staff_pages;

use app::db::TestDb;
use debtor_portal::domain::decision::{ItemKind, Outcome};
use debtor_portal::domain::ids::DisputeId;
use debtor_portal::domain::policy::PolicyOutcome as Verdict;
use debtor_portal::domain::{ClaimStatus, Money};
use debtor_portal::server::store::{ActorKind, AuditAction, DisputeRecord, DisputeState, ProposalState};
use plan_forms::{in_days, installments, propose};
use reqwest::multipart::{Form, Part};
use staff_pages::{
    add_second_agent, at_once, en, staff_session, text, ANNA, KVIKK_AGENT, NORDLJUS_AGENT, SECOND_AGENT,
};

/// Anna disputes her claim with a receipt attached; returns the dispute.
async fn disputed(app: &app::App) -> DisputeRecord {
    let anna = app.session(ANNA.0, ANNA.1).await;
    let claim_id = app.claim_id(ANNA.0).await;
    let receipt = Part::bytes(files::pdf()).file_name("kvitto.pdf").mime_str("application/pdf").unwrap();
    let form = Form::new()
        .text("reason", "already_paid")
        .text("explanation", "Betalt 3 oktober med Swish, kvitto bifogat.")
        .part("files", receipt);
    let r = app.post_multipart(&format!("/claims/{claim_id}/dispute"), form, &anna).await;
    assert_eq!(r.status(), 303);
    assert_eq!(app.status(ANNA.0).await, ClaimStatus::Disputed);
    app.state.store.dispute_of_claim(&claim_id).await.unwrap().unwrap()
}

async fn answer(app: &app::App, id: &str, cookie: &str, form: &[(&str, &str)]) -> reqwest::Response {
    app.post_form(&format!("/staff/disputes/{id}/decision"), form, &[("cookie", cookie)]).await
}

fn back(id: &str, query: &str) -> String {
    format!("/staff/disputes/{id}?{query}#decision")
}

async fn state_of(app: &app::App, id: &DisputeId) -> DisputeState {
    app.state.store.dispute(id).await.unwrap().unwrap().state
}

async fn only_the_claims_creditor_sees_the_dispute_and_its_evidence(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let d = disputed(&app).await;
    let doc = d.entries[0].documents[0].id.clone();
    let nordljus = staff_session(&app, NORDLJUS_AGENT).await;
    let kvikk = staff_session(&app, KVIKK_AGENT).await;
    let queue = text(en(&app, "/staff/queue?kind=dispute", &nordljus).await).await;
    assert!(queue.contains(&format!("/staff/disputes/{}", d.id)), "{queue}");
    let screen = text(en(&app, &format!("/staff/disputes/{}", d.id), &nordljus).await).await;
    assert!(screen.contains("Already paid") && screen.contains("Betalt 3 oktober med Swish"), "{screen}");
    assert!(screen.contains(&format!("/staff/documents/{doc}")) && screen.contains(">Reject the dispute<"));
    let r = en(&app, &format!("/staff/documents/{doc}"), &nordljus).await;
    assert_eq!(r.status(), 200);
    assert!(r.headers()["content-disposition"].to_str().unwrap().starts_with("attachment"));
    assert_eq!(r.bytes().await.unwrap().as_ref(), files::pdf().as_slice());
    // Another creditor's agent: not in the queue, not found, nothing decided, no download.
    let queue = text(en(&app, "/staff/queue", &kvikk).await).await;
    assert!(!queue.contains(d.id.as_str()) && !queue.contains(ANNA.0));
    assert_eq!(en(&app, &format!("/staff/disputes/{}", d.id), &kvikk).await.status(), 404);
    assert_eq!(en(&app, &format!("/staff/documents/{doc}"), &kvikk).await.status(), 404);
    let r = answer(&app, d.id.as_str(), &kvikk, &[("outcome", "withdrawn")]).await;
    assert_eq!(r.status(), 404);
    assert_eq!((state_of(&app, &d.id).await, app.status(ANNA.0).await), (DisputeState::Open, ClaimStatus::Disputed));
    // The debtor's session is no staff session, and a staff session opens no debtor download.
    let anna = app.session(ANNA.0, ANNA.1).await;
    assert_eq!(en(&app, &format!("/staff/disputes/{}", d.id), &anna).await.status(), 401);
    assert_eq!(
        app::App::location(&answer(&app, d.id.as_str(), &anna, &[("outcome", "withdrawn")]).await),
        "/staff?error=unauthenticated#sign-in"
    );
    assert_eq!(en(&app, &format!("/staff/documents/{doc}"), &anna).await.status(), 303);
    assert_eq!(en(&app, &format!("/documents/{doc}"), &nordljus).await.status(), 401);
    assert_eq!(en(&app, "/staff/documents/nope", &nordljus).await.status(), 404);
    assert_eq!(state_of(&app, &d.id).await, DisputeState::Open);
}

async fn hardship_documents_follow_what_the_debtor_shared(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let anna = app.session(ANNA.0, ANNA.1).await;
    let claim_id = app.claim_id(ANNA.0).await;
    let form = Form::new()
        .text("situation", "illness")
        .text("explanation", "Sjukskriven sedan september.")
        .text("claims", claim_id.to_string())
        .text("consent", "yes")
        .part("files", Part::bytes(files::pdf()).file_name("intyg.pdf"));
    let r = app.post_multipart("/hardship", form, &anna).await;
    assert_eq!(app::App::location(&r), "/hardship?sent=1#current");
    let debtor = app.claim(ANNA.0).await.debtor_id;
    let statement = app.state.store.hardships_of(&debtor).await.unwrap().pop().unwrap();
    let doc = statement.documents[0].id.clone();
    let nordljus = staff_session(&app, NORDLJUS_AGENT).await;
    let kvikk = staff_session(&app, KVIKK_AGENT).await;
    assert_eq!(en(&app, &format!("/staff/documents/{doc}"), &nordljus).await.status(), 200);
    assert_eq!(en(&app, &format!("/staff/documents/{doc}"), &kvikk).await.status(), 404);
    // Withdrawn consent: the document is gone for everyone.
    app.post_form("/hardship/withdraw", &[("hardship", &statement.id)], &[("cookie", &anna)]).await;
    assert_eq!(en(&app, &format!("/staff/documents/{doc}"), &nordljus).await.status(), 404);
}

async fn a_rejected_dispute_leaves_the_claim_contested_and_the_debtor_reads_why(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let d = disputed(&app).await;
    let agent = staff_session(&app, NORDLJUS_AGENT).await;
    let principal = app.claim(ANNA.0).await.principal;
    let too_much = principal.to_string();
    for (form, code) in [
        (vec![("outcome", "")], "outcome_missing"),
        (vec![("outcome", "approved")], "outcome_missing"),
        (vec![("outcome", "rejected"), ("note", "  ")], "rejection_explanation_missing"),
        (vec![("outcome", "reduced"), ("amount", "")], "new_principal_missing"),
        (vec![("outcome", "reduced"), ("amount", "ett tusen")], "amount_invalid"),
        (vec![("outcome", "reduced"), ("amount", "0")], "new_principal_not_lower"),
        (vec![("outcome", "reduced"), ("amount", too_much.as_str())], "new_principal_not_lower"),
    ] {
        let r = answer(&app, d.id.as_str(), &agent, &form).await;
        assert_eq!(app::App::location(&r), back(d.id.as_str(), &format!("error={code}")), "{form:?}");
        assert_eq!(state_of(&app, &d.id).await, DisputeState::Open);
        assert_eq!(app.claim(ANNA.0).await.principal, principal);
        assert_eq!(app.status(ANNA.0).await, ClaimStatus::Disputed);
    }
    let why = "Swish-betalningen den 3 oktober gällde faktura 2291, inte den här.";
    let r = answer(&app, d.id.as_str(), &agent, &[("outcome", "rejected"), ("amount", "100"), ("note", why)]).await;
    assert_eq!(app::App::location(&r), back(d.id.as_str(), "decided=1"));
    assert_eq!(state_of(&app, &d.id).await, DisputeState::Rejected);
    assert_eq!(app.status(ANNA.0).await, ClaimStatus::Contested, "collection does not resume: court or Kronofogden");
    assert_eq!(app.claim(ANNA.0).await.principal, principal, "a rejection changes no amount");
    let decision = app.state.store.decision_on(ItemKind::Dispute, d.id.as_str()).await.unwrap().unwrap();
    assert_eq!((decision.outcome, decision.amount, decision.note.as_str()), (Outcome::Rejected, None, why));
    let audit = app.state.store.audit_by(ActorKind::Staff, decision.staff_id.as_ref().unwrap().as_str()).await.unwrap();
    assert!(audit.iter().any(|e| e.action == AuditAction::DisputeRejected && e.detail["dispute"] == d.id.as_str()));
    let screen = text(en(&app, &format!("/staff/disputes/{}", d.id), &agent).await).await;
    assert!(
        screen.contains("Dispute rejected by Karin Lund at 2026-11-23") && !screen.contains(">Reject the dispute<")
    );
    assert!(screen.contains(r#"data-testid="history-entry" data-outcome="rejected""#), "{screen}");
    // Anna reads the answer, the creditor's words and her options, in Swedish or English.
    let anna = app.session(ANNA.0, ANNA.1).await;
    let page = text(en(&app, &format!("/claims/{}/dispute", d.claim_id), &anna).await).await;
    assert!(page.contains("Nordljus Energi AB rejected your dispute on 2026-11-23"), "{page}");
    assert!(page.contains(why) && page.contains("district court"));
    // Where to complain: the agency itself first, then the consumer complaints board.
    assert!(page.contains("Complain to us first") && page.contains("Allmänna reklamationsnämnden"), "{page}");
    let sv =
        text(en(&app, &format!("/claims/{}/dispute", d.claim_id), &format!("{anna}; i18n_pref_locale=sv")).await).await;
    assert!(sv.contains("avslog ditt bestridande 2026-11-23") && sv.contains("tingsrätten"), "{sv}");
    let claim = text(en(&app, &format!("/claims/{}", d.claim_id), &anna).await).await;
    assert!(claim.contains("The creditor rejected your dispute and maintains the claim"), "{claim}");
    assert!(claim.contains(r#"data-testid="dispute-answered""#) && claim.contains(r#"data-testid="contested-notice""#));
    // The same words again are no new information (tests/dispute_outcomes.rs disputes anew).
    let again =
        Form::new().text("reason", "other").text("explanation", "  betalt 3 OKTOBER med Swish,\nkvitto bifogat. ");
    let r = app.post_multipart(&format!("/claims/{}/dispute", d.claim_id), again, &anna).await;
    assert_eq!(app::App::location(&r), format!("/claims/{}/dispute?error=dispute_not_new#dispute-form", d.claim_id));
    assert_eq!(app.status(ANNA.0).await, ClaimStatus::Contested);
    assert_eq!(app.state.store.dispute_of_claim(&d.claim_id).await.unwrap().unwrap().id, d.id);
    // A second answer is refused with who answered first.
    let r = answer(&app, d.id.as_str(), &agent, &[("outcome", "withdrawn")]).await;
    assert_eq!(app::App::location(&r), back(d.id.as_str(), "error=already_decided"));
    assert_eq!(app.status(ANNA.0).await, ClaimStatus::Contested);
}

async fn an_upheld_dispute_withdraws_the_claim(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let d = disputed(&app).await;
    let agent = staff_session(&app, NORDLJUS_AGENT).await;
    let r = answer(&app, d.id.as_str(), &agent, &[("outcome", "withdrawn"), ("note", "")]).await;
    assert_eq!(app::App::location(&r), back(d.id.as_str(), "decided=1"));
    assert_eq!(state_of(&app, &d.id).await, DisputeState::Upheld);
    assert_eq!(app.status(ANNA.0).await, ClaimStatus::Closed);
    let anna = app.session(ANNA.0, ANNA.1).await;
    let page = text(en(&app, &format!("/claims/{}/dispute", d.claim_id), &anna).await).await;
    assert!(page.contains("agreed with you on 2026-11-23 and withdrew the claim"), "{page}");
    assert!(!page.contains("dispute-options"), "no options to go further are needed");
}

async fn a_reduction_lowers_the_principal_and_ends_a_plan_for_the_old_amount(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    // Anna has a running plan when she disputes.
    let anna = app.session(ANNA.0, ANNA.1).await;
    let (r, expected) = propose(&app, ANNA.0, &anna, &installments(3, in_days(&app, 10))).await;
    assert_eq!((r.status().as_u16(), expected.verdict.outcome), (303, Verdict::AutoApproved));
    let plan = app.state.store.open_proposal(&app.claim_id(ANNA.0).await).await.unwrap().unwrap();
    let d = disputed(&app).await;
    assert_eq!(d.status_before, ClaimStatus::PlanActive);
    let agent = staff_session(&app, NORDLJUS_AGENT).await;
    let r = answer(
        &app,
        d.id.as_str(),
        &agent,
        &[("outcome", "reduced"), ("amount", "1 000,50"), ("note", "Avgiften stryks.")],
    )
    .await;
    assert_eq!(app::App::location(&r), back(d.id.as_str(), "decided=1"));
    assert_eq!(state_of(&app, &d.id).await, DisputeState::Upheld);
    assert_eq!(app.claim(ANNA.0).await.principal, Money::from_minor(100_050));
    assert_eq!(app.state.store.proposal(&plan.id).await.unwrap().unwrap().state, ProposalState::Withdrawn);
    assert_eq!(app.status(ANNA.0).await, ClaimStatus::DemandSent, "a new plan can be proposed on what is left");
    let decision = app.state.store.decision_on(ItemKind::Dispute, d.id.as_str()).await.unwrap().unwrap();
    assert_eq!(decision.amount, Some(Money::from_minor(100_050)));
    let audit = app.state.store.audit_by(ActorKind::Staff, decision.staff_id.as_ref().unwrap().as_str()).await.unwrap();
    let upheld = audit.iter().find(|e| e.action == AuditAction::DisputeUpheld).expect("audited");
    assert_eq!(upheld.detail["principal_after"], 100_050);
    assert!(audit.iter().any(|e| e.action == AuditAction::PlanWithdrawn && e.detail["proposal"] == plan.id.as_str()));
    // The debtor's statement is recomputed on the new principal.
    let page = text(en(&app, &format!("/claims/{}/dispute", d.claim_id), &anna).await).await;
    assert!(page.contains("agreed with you in part on 2026-11-23") && page.contains("Avgiften stryks."), "{page}");
    let claim = text(en(&app, &format!("/claims/{}", d.claim_id), &anna).await).await;
    assert!(claim.contains("reduced the claim") && claim.contains("1,000.50"), "{claim}");
    let screen = text(en(&app, &format!("/staff/disputes/{}", d.id), &agent).await).await;
    assert!(screen.contains("Claim reduced by Karin Lund") && screen.contains("New principal: "), "{screen}");
}

async fn two_agents_answering_at_once_exactly_one_wins(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let d = disputed(&app).await;
    add_second_agent(&app).await;
    let first = staff_session(&app, NORDLJUS_AGENT).await;
    let second = staff_session(&app, SECOND_AGENT).await;
    let form = |outcome| vec![("outcome", outcome), ("note", "Beslut.")];
    let path = format!("/staff/disputes/{}/decision", d.id);
    at_once(&app, &path, [(first, form("withdrawn")), (second, form("rejected"))]).await;
    let decision = app.state.store.decision_on(ItemKind::Dispute, d.id.as_str()).await.unwrap().unwrap();
    let expected = match decision.outcome {
        Outcome::Withdrawn => (DisputeState::Upheld, ClaimStatus::Closed),
        _ => (DisputeState::Rejected, ClaimStatus::Contested),
    };
    assert_eq!((state_of(&app, &d.id).await, app.status(ANNA.0).await), expected);
}

on_both_backends!(crate::app::db;
    only_the_claims_creditor_sees_the_dispute_and_its_evidence,
    hardship_documents_follow_what_the_debtor_shared,
    a_rejected_dispute_leaves_the_claim_contested_and_the_debtor_reads_why,
    an_upheld_dispute_withdraws_the_claim,
    a_reduction_lowers_the_principal_and_ends_a_plan_for_the_old_amount,
    two_agents_answering_at_once_exactly_one_wins,
);

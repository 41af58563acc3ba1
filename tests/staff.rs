//! Creditor staff over real HTTP, on SQLite and PostgreSQL: sign-in with email and password under
//! the throttle, sessions that never mix with debtors', a work queue and proposal screens that only
//! ever show the staff member's own creditor's items, and decisions of which exactly one wins.
#![cfg(feature = "ssr")]

#[path = "support/app.rs"]
mod app;
#[path = "support/plan_forms.rs"]
mod plan_forms;
#[path = "support/staff_pages.rs"]
mod staff_pages;

use app::db::TestDb;
use debtor_portal::domain::decision::Outcome;
use debtor_portal::domain::ClaimStatus;
use debtor_portal::server::store::{ActorKind, AuditAction, ProposalState};
use staff_pages::{
    add_second_agent, at_once, en, pending_proposal, staff_session, staff_sign_in, text, ANNA, KVIKK_AGENT,
    NORDLJUS_AGENT, SECOND_AGENT,
};

async fn decide(app: &app::App, id: &str, cookie: &str, form: &[(&str, &str)]) -> reqwest::Response {
    app.post_form(&format!("/staff/proposals/{id}/decision"), form, &[("cookie", cookie)]).await
}

async fn staff_sign_in_checks_the_password_and_opens_the_queue(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    for (email, password) in [(NORDLJUS_AGENT.0, "wrong"), ("nobody@nordljus.example", NORDLJUS_AGENT.1)] {
        let r = staff_sign_in(&app, email, password).await;
        assert_eq!(app::App::location(&r), "/staff?error=invalid_staff_credentials#sign-in");
        assert!(r.headers().get("set-cookie").is_none());
    }
    let r = staff_sign_in(&app, "", "").await;
    assert_eq!(app::App::location(&r), "/staff?error=missing_credentials#sign-in");
    // The address is read without case.
    let cookie = staff_session(&app, ("Handlaggare@Nordljus.EXAMPLE", NORDLJUS_AGENT.1)).await;
    let page = text(en(&app, "/staff/queue", &cookie).await).await;
    assert!(
        page.contains("Work queue") && page.contains("Karin Lund") && page.contains("Nordljus Energi AB"),
        "{page}"
    );
    let failed = app.state.store.audit_by(ActorKind::Staff, "").await.unwrap();
    assert!(failed.is_empty(), "a failure names no account id that is not one");
    let r = app.get("/staff/queue").await;
    assert_eq!(r.status(), 401);
    assert!(text(r).await.contains("/staff#sign-in"));
    // Signed out, the session is gone.
    let r = app.post_form("/staff/sign-out", &[], &[("cookie", &cookie)]).await;
    assert_eq!(app::App::location(&r), "/staff?signed_out=1");
    assert_eq!(en(&app, "/staff/queue", &cookie).await.status(), 401);
}

async fn wrong_passwords_make_the_client_wait(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    for _ in 0..5 {
        let r = staff_sign_in(&app, NORDLJUS_AGENT.0, "guess").await;
        assert_eq!(app::App::location(&r), "/staff?error=invalid_staff_credentials#sign-in");
    }
    // Now even the right password waits: the throttle answers before the password is checked.
    let r = staff_sign_in(&app, NORDLJUS_AGENT.0, NORDLJUS_AGENT.1).await;
    assert_eq!(app::App::location(&r), "/staff?error=too_many_attempts&minutes=15#sign-in");
    let staff_id = app.state.store.staff_user_by_email(NORDLJUS_AGENT.0).await.unwrap().unwrap().id;
    let audit = app.state.store.audit_by(ActorKind::Staff, staff_id.as_str()).await.unwrap();
    let locked = audit.iter().filter(|a| a.action == AuditAction::SignInLocked).count();
    assert_eq!(locked, 1, "the password that locked the account is logged once");
}

async fn staff_and_debtor_sessions_never_mix(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let debtor = app.session(ANNA.0, ANNA.1).await;
    let staff = staff_session(&app, NORDLJUS_AGENT).await;
    let debtor_token = debtor.split_once('=').unwrap().1;
    let staff_token = staff.split_once('=').unwrap().1;
    // Each token under the other kind's cookie opens nothing.
    assert_eq!(en(&app, "/staff/queue", &format!("staff_session={debtor_token}")).await.status(), 401);
    assert_eq!(en(&app, "/claims", &format!("portal_session={staff_token}")).await.status(), 401);
    // Each cookie opens its own pages only.
    assert_eq!(en(&app, "/staff/queue", &debtor).await.status(), 401);
    assert_eq!(en(&app, "/claims", &staff).await.status(), 401);
    // Both in one browser: each side sees its own.
    let both = format!("{debtor}; {staff}");
    assert_eq!(en(&app, "/claims", &both).await.status(), 200);
    assert_eq!(en(&app, "/staff/queue", &both).await.status(), 200);
}

async fn the_queue_and_the_screens_are_the_creditors_own(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let id = pending_proposal(&app).await;
    let nordljus = staff_session(&app, NORDLJUS_AGENT).await;
    let kvikk = staff_session(&app, KVIKK_AGENT).await;
    let page = text(en(&app, "/staff/queue", &nordljus).await).await;
    assert!(page.contains(&format!("/staff/proposals/{id}")) && page.contains(ANNA.0), "{page}");
    assert!(page.contains(r#"data-count="1""#));
    let filtered = text(en(&app, "/staff/queue?kind=dispute", &nordljus).await).await;
    assert!(!filtered.contains(&format!("/staff/proposals/{id}")) && filtered.contains("Nothing is waiting."));
    // Kvikk's agent sees nothing of it, and cannot open or decide it.
    let page = text(en(&app, "/staff/queue", &kvikk).await).await;
    assert!(!page.contains(id.as_str()) && !page.contains(ANNA.0));
    assert_eq!(en(&app, &format!("/staff/proposals/{id}"), &kvikk).await.status(), 404);
    let r = decide(&app, id.as_str(), &kvikk, &[("outcome", "approved")]).await;
    assert_eq!(r.status(), 404);
    assert_eq!(app.status(ANNA.0).await, ClaimStatus::PlanProposed);
    assert!(app
        .state
        .store
        .decision_on(debtor_portal::domain::decision::ItemKind::PlanProposal, id.as_str())
        .await
        .unwrap()
        .is_none());
    // The debtor's session opens no staff screen, and a made-up id is not found.
    let anna = app.session(ANNA.0, ANNA.1).await;
    assert_eq!(en(&app, &format!("/staff/proposals/{id}"), &anna).await.status(), 401);
    assert_eq!(decide(&app, id.as_str(), &anna, &[("outcome", "approved")]).await.status(), 303);
    assert_eq!(app.status(ANNA.0).await, ClaimStatus::PlanProposed);
    assert_eq!(en(&app, "/staff/proposals/nope", &nordljus).await.status(), 404);
    // Text that cannot be an id is refused where it enters, with the page a browser reads.
    for bad in ["x%20y", "%C3%A4"] {
        assert_eq!(en(&app, &format!("/staff/proposals/{bad}"), &nordljus).await.status(), 404);
        let (path, form) = (format!("/staff/proposals/{bad}/decision"), [("outcome", "approved")]);
        let r = app.post_form(&path, &form, &[("cookie", &nordljus), ("accept", "text/html")]).await;
        assert_eq!(r.status(), 404, "{bad}");
        assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
        assert!(text(r).await.contains("<h1>"));
    }
    assert_eq!(app.status(ANNA.0).await, ClaimStatus::PlanProposed);
    // Nordljus's agent sees the screen: itemisation, schedule, the policy's reasons.
    let screen = text(en(&app, &format!("/staff/proposals/{id}"), &nordljus).await).await;
    assert!(screen.contains("Plan proposal") && screen.contains("Anna"), "{screen}");
    assert_eq!(screen.matches(r#"data-testid="proposal-row""#).count(), 13);
    assert!(screen.contains("decided by the creditor"), "the verdict's reasons are shown");
    assert!(screen.contains(">Approve<") && screen.contains(">Reject<"));
}

async fn an_approved_plan_is_active_for_the_debtor(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let id = pending_proposal(&app).await;
    let agent = staff_session(&app, NORDLJUS_AGENT).await;
    let r = decide(&app, id.as_str(), &agent, &[("outcome", "approved"), ("reason", ""), ("note", "")]).await;
    assert_eq!(app::App::location(&r), format!("/staff/proposals/{id}?decided=1#decision"));
    assert_eq!(app.state.store.proposal(&id).await.unwrap().unwrap().state, ProposalState::Active);
    assert_eq!(app.status(ANNA.0).await, ClaimStatus::PlanActive);
    let screen = text(en(&app, &format!("/staff/proposals/{id}?decided=1"), &agent).await).await;
    assert!(screen.contains("Approved by Karin Lund at 2026-11-23"), "{screen}");
    assert!(!screen.contains(">Approve<"), "a decided proposal has no buttons");
    let staff_id = app.state.store.staff_user_by_email(NORDLJUS_AGENT.0).await.unwrap().unwrap().id;
    let audit = app.state.store.audit_by(ActorKind::Staff, staff_id.as_str()).await.unwrap();
    assert!(audit.iter().any(|e| e.action == AuditAction::PlanApproved && e.detail["proposal"] == id.as_str()));
    // The debtor sees the plan active, and it has left the queue.
    let anna = app.session(ANNA.0, ANNA.1).await;
    let claim_id = app.claim_id(ANNA.0).await;
    let plan = text(en(&app, &format!("/claims/{claim_id}/plan"), &anna).await).await;
    assert!(plan.contains("Your plan is active") || plan.contains("plan-next"), "{plan}");
    let page = text(en(&app, "/staff/queue", &agent).await).await;
    assert!(!page.contains(id.as_str()));
}

async fn a_rejection_is_explained_to_the_debtor_in_their_language(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let id = pending_proposal(&app).await;
    let agent = staff_session(&app, NORDLJUS_AGENT).await;
    // Bad decisions change nothing.
    for (form, code) in [
        (vec![("outcome", "")], "outcome_missing"),
        (vec![("outcome", "declined"), ("reason", "")], "decline_reason_missing"),
        (vec![("outcome", "declined"), ("reason", "other"), ("note", "  ")], "note_missing"),
        (vec![("outcome", "declined"), ("reason", "made_up")], "decline_reason_missing"),
    ] {
        let r = decide(&app, id.as_str(), &agent, &form).await;
        assert_eq!(app::App::location(&r), format!("/staff/proposals/{id}?error={code}#decision"));
        assert_eq!(app.status(ANNA.0).await, ClaimStatus::PlanProposed);
    }
    let long = "x".repeat(2001);
    let r =
        decide(&app, id.as_str(), &agent, &[("outcome", "declined"), ("reason", "too_long"), ("note", &long)]).await;
    assert_eq!(app::App::location(&r), format!("/staff/proposals/{id}?error=note_too_long#decision"));
    let note = "Vi kan erbjuda 12 månader.";
    let r = decide(&app, id.as_str(), &agent, &[("outcome", "declined"), ("reason", "too_long"), ("note", note)]).await;
    assert_eq!(app::App::location(&r), format!("/staff/proposals/{id}?decided=1#decision"));
    assert_eq!(app.state.store.proposal(&id).await.unwrap().unwrap().state, ProposalState::Declined);
    assert_eq!(app.status(ANNA.0).await, ClaimStatus::DemandSent, "back to the status before the proposal");
    // Anna reads why, in Swedish, and can propose again.
    let anna = app.session(ANNA.0, ANNA.1).await;
    let claim_id = app.claim_id(ANNA.0).await;
    let sv = format!("{anna}; i18n_pref_locale=sv");
    let plan = text(en(&app, &format!("/claims/{claim_id}/plan"), &sv).await).await;
    assert!(plan.contains("Borgenären avslog ditt förslag 2026-11-23"), "{plan}");
    assert!(plan.contains("Planen skulle löpa för länge") && plan.contains(note));
    let en = text(en(&app, &format!("/claims/{claim_id}/plan"), &anna).await).await;
    assert!(en.contains("The plan would run for too long"));
    // Deciding again is refused with who decided first.
    let r = decide(&app, id.as_str(), &agent, &[("outcome", "approved")]).await;
    assert_eq!(app::App::location(&r), format!("/staff/proposals/{id}?error=already_decided#decision"));
}

async fn two_agents_deciding_at_once_exactly_one_wins(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let id = pending_proposal(&app).await;
    add_second_agent(&app).await;
    let first = staff_session(&app, NORDLJUS_AGENT).await;
    let second = staff_session(&app, SECOND_AGENT).await;
    let form = |outcome| vec![("outcome", outcome), ("reason", "too_long"), ("note", "")];
    let path = format!("/staff/proposals/{id}/decision");
    let locations = at_once(&app, &path, [(first, form("approved")), (second, form("declined"))]).await;
    let decision =
        app.state.store.decision_on(debtor_portal::domain::decision::ItemKind::PlanProposal, id.as_str()).await;
    let decision = decision.unwrap().unwrap();
    let state = app.state.store.proposal(&id).await.unwrap().unwrap().state;
    let expected = if decision.outcome == Outcome::Approved { ProposalState::Active } else { ProposalState::Declined };
    assert_eq!(state, expected, "the proposal is what the one decision says");
    // The one who lost reads who decided and when.
    let loser = if locations[0].contains("already_decided") { 0 } else { 1 };
    let cookie =
        if loser == 0 { staff_session(&app, NORDLJUS_AGENT).await } else { staff_session(&app, SECOND_AGENT).await };
    let screen = text(en(&app, &format!("/staff/proposals/{id}?error=already_decided"), &cookie).await).await;
    assert!(screen.contains(&format!("Already decided by {} at 2026-11-23", decision.staff_name)), "{screen}");
}

async fn a_proposal_the_debtor_withdrew_is_no_longer_decided(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let id = pending_proposal(&app).await;
    let anna = app.session(ANNA.0, ANNA.1).await;
    let claim_id = app.claim_id(ANNA.0).await;
    app.post_form(&format!("/claims/{claim_id}/plan/withdraw"), &[], &[("cookie", &anna)]).await;
    let agent = staff_session(&app, NORDLJUS_AGENT).await;
    let r = decide(&app, id.as_str(), &agent, &[("outcome", "approved")]).await;
    assert_eq!(app::App::location(&r), format!("/staff/proposals/{id}?error=not_pending#decision"));
    assert_eq!(app.state.store.proposal(&id).await.unwrap().unwrap().state, ProposalState::Withdrawn);
    assert_ne!(app.status(ANNA.0).await, ClaimStatus::PlanActive);
}

on_both_backends!(crate::app::db;
    staff_sign_in_checks_the_password_and_opens_the_queue,
    wrong_passwords_make_the_client_wait,
    staff_and_debtor_sessions_never_mix,
    the_queue_and_the_screens_are_the_creditors_own,
    an_approved_plan_is_active_for_the_debtor,
    a_rejection_is_explained_to_the_debtor_in_their_language,
    two_agents_deciding_at_once_exactly_one_wins,
    a_proposal_the_debtor_withdrew_is_no_longer_decided,
);

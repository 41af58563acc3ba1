//! The creditor's plan policy over real HTTP, on SQLite and PostgreSQL: only an administrator reads
//! or changes it; a preview changes nothing; a save applies to new proposals only, is audited with
//! the rules before and after, and the legal cap and the order of the limits are enforced.
#![cfg(feature = "ssr")]

#[path = "support/app.rs"]
mod app;
#[path = "support/plan_forms.rs"]
mod plan_forms;
#[path = "support/staff_pages.rs"]
mod staff_pages;

use app::db::TestDb;
use debtor_portal::domain::policy::{PolicyOutcome as Verdict, PolicyTerms};
use debtor_portal::domain::Money;
use debtor_portal::server::store::{ActorKind, AuditAction, ProposalState};
use plan_forms::{in_days, installments, propose};
use staff_pages::{en, pending_proposal, staff_session, text, ANNA, NORDLJUS_AGENT};

const ADMIN: (&str, &str) = ("admin@nordljus.example", "demo-nordljus-admin-2026");

async fn terms(app: &app::App) -> PolicyTerms {
    let creditor_id = app.claim(ANNA.0).await.creditor_id;
    app.state.store.creditor(&creditor_id).await.unwrap().unwrap().policy.terms().clone()
}

/// The form's fields for `t`, with `changes` applied.
fn form(t: &PolicyTerms, intent: &str, changes: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut f = vec![
        ("intent".to_owned(), intent.to_owned()),
        ("max_installments".to_owned(), t.max_installments.to_string()),
        ("min_installment".to_owned(), t.min_installment.to_string()),
        ("max_days_to_first_due".to_owned(), t.max_days_to_first_due.to_string()),
        ("plan_fee".to_owned(), t.plan_fee.to_string()),
        ("auto_approve_max_installments".to_owned(), t.auto_approve_max_installments.to_string()),
        ("auto_approve_min_installment".to_owned(), t.auto_approve_min_installment.to_string()),
        ("max_deferral_days".to_owned(), t.max_deferral_days.to_string()),
        ("arrears_grace_days".to_owned(), t.arrears_grace_days.to_string()),
        ("lapse_days".to_owned(), t.lapse_days.to_string()),
        ("new_plan_after_lapse".to_owned(), if t.new_plan_after_lapse { "on" } else { "" }.to_owned()),
    ];
    for (k, v) in changes {
        f.iter_mut().find(|(name, _)| name == k).unwrap().1 = v.to_string();
    }
    f
}

async fn post(app: &app::App, cookie: &str, form: &[(String, String)]) -> reqwest::Response {
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    app.post_form("/staff/policy", &pairs, &[("cookie", cookie)]).await
}

async fn an_administrator_previews_then_saves_for_new_proposals_only(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let pending = pending_proposal(&app).await;
    let before = terms(&app).await;
    let admin = staff_session(&app, ADMIN).await;
    let page = text(en(&app, "/staff/policy", &admin).await).await;
    assert!(page.contains("Plan policy") && page.contains(r#"data-outcome="auto_approved""#), "{page}");
    assert_eq!(page.matches(r#"data-testid="example-row""#).count(), before.auto_approve_max_installments as usize);
    // A preview shows the example under the typed rules and changes nothing.
    let r = post(&app, &admin, &form(&before, "preview", &[("auto_approve_max_installments", "13")])).await;
    let location = app::App::location(&r);
    assert!(location.starts_with("/staff/policy?preview=1&") && location.contains("auto_approve_max_installments=13"));
    let page = text(en(&app, &location, &admin).await).await;
    assert!(page.contains("Not saved yet"), "{page}");
    assert_eq!(page.matches(r#"data-testid="example-row""#).count(), 13);
    assert_eq!(terms(&app).await, before);
    // Saved: the rules change, with an audit line, for new proposals only.
    let min = before.min_installment.to_string();
    let changes = [("auto_approve_max_installments", "13"), ("auto_approve_min_installment", min.as_str())];
    let r = post(&app, &admin, &form(&before, "save", &changes)).await;
    assert_eq!(app::App::location(&r), "/staff/policy?saved=1#policy");
    let after = terms(&app).await;
    let expected = PolicyTerms {
        auto_approve_max_installments: 13,
        auto_approve_min_installment: before.min_installment,
        ..before.clone()
    };
    assert_eq!(after, expected);
    let admin_id = app.state.store.staff_user_by_email(ADMIN.0).await.unwrap().unwrap().id;
    let audit = app.state.store.audit_by(ActorKind::Staff, admin_id.as_str()).await.unwrap();
    let line = audit.iter().find(|a| a.action == AuditAction::PolicyChanged).expect("audited");
    assert_eq!(
        (
            line.detail["before"]["auto_approve_max_installments"].as_u64(),
            line.detail["after"]["auto_approve_max_installments"].as_u64()
        ),
        (Some(u64::from(before.auto_approve_max_installments)), Some(13))
    );
    let kept = app.state.store.proposal(&pending).await.unwrap().unwrap();
    assert_eq!(kept.state, ProposalState::Pending, "a proposal made before keeps waiting");
    // Anna withdraws it; the same 13 installments are now approved at once.
    let anna = app.session(ANNA.0, ANNA.1).await;
    let claim_id = app.claim_id(ANNA.0).await;
    app.post_form(&format!("/claims/{claim_id}/plan/withdraw"), &[], &[("cookie", &anna)]).await;
    let (r, expected) = propose(&app, ANNA.0, &anna, &installments(13, in_days(&app, 14))).await;
    assert_eq!((r.status().as_u16(), expected.verdict.outcome), (303, Verdict::AutoApproved));
    let open = app.state.store.open_proposal(&claim_id).await.unwrap().unwrap();
    assert_eq!(open.state, ProposalState::Active);
}

async fn the_legal_cap_and_the_order_of_limits_hold(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let before = terms(&app).await;
    let admin = staff_session(&app, ADMIN).await;
    for (changes, code) in [
        (vec![("plan_fee", "170.01")], "plan_fee_above_cap"),
        (vec![("auto_approve_max_installments", "100"), ("max_installments", "24")], "policy_auto_above_max"),
        (vec![("auto_approve_min_installment", "1")], "policy_auto_below_min"),
        (vec![("max_installments", "0")], "policy_count_invalid"),
        (vec![("max_installments", "121")], "policy_count_invalid"),
        (vec![("max_deferral_days", "400")], "policy_days_invalid"),
        (vec![("min_installment", "mycket")], "amount_invalid"),
        (vec![("arrears_grace_days", "30"), ("lapse_days", "30")], "policy_grace_above_lapse"),
        (vec![("lapse_days", "")], "policy_days_invalid"),
    ] {
        let r = post(&app, &admin, &form(&before, "save", &changes)).await;
        let location = app::App::location(&r);
        assert!(location.starts_with(&format!("/staff/policy?error={code}&preview=1&")), "{changes:?}: {location}");
        assert_eq!(terms(&app).await, before, "{changes:?}");
    }
    // The page keeps what was typed and says what to correct.
    let r = post(&app, &admin, &form(&before, "save", &[("plan_fee", "170.01")])).await;
    let page = text(en(&app, &app::App::location(&r), &admin).await).await;
    assert!(page.contains("at most 170 kr") && page.contains(r#"value="170.01""#), "{page}");
    // 170 kr exactly is the cap, and allowed.
    let r = post(&app, &admin, &form(&before, "save", &[("plan_fee", "170")])).await;
    assert_eq!(app::App::location(&r), "/staff/policy?saved=1#policy");
    assert_eq!(terms(&app).await.plan_fee, Money::from_minor(17_000));
}

async fn only_an_administrator_sees_or_sets_the_policy(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let before = terms(&app).await;
    let agent = staff_session(&app, NORDLJUS_AGENT).await;
    assert_eq!(en(&app, "/staff/policy", &agent).await.status(), 403);
    let r = post(&app, &agent, &form(&before, "save", &[("max_installments", "36")])).await;
    assert_eq!(r.status(), 403);
    let anna = app.session(ANNA.0, ANNA.1).await;
    let r = post(&app, &anna, &form(&before, "save", &[("max_installments", "36")])).await;
    assert_eq!(app::App::location(&r), "/staff?error=unauthenticated#sign-in");
    assert_eq!(en(&app, "/staff/policy", &anna).await.status(), 401);
    assert_eq!(terms(&app).await, before);
    // The agent's pages offer no link to it; the administrator's do.
    assert!(!text(en(&app, "/staff/queue", &agent).await).await.contains(r#"href="/staff/policy""#));
    let admin = staff_session(&app, ADMIN).await;
    assert!(text(en(&app, "/staff/queue", &admin).await).await.contains(r#"href="/staff/policy""#));
}

on_both_backends!(crate::app::db;
    an_administrator_previews_then_saves_for_new_proposals_only,
    the_legal_cap_and_the_order_of_limits_hold,
    only_an_administrator_sees_or_sets_the_policy,
);

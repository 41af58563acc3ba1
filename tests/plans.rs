//! Proposing an installment plan over real HTTP, on SQLite and PostgreSQL: the server recomputes
//! every schedule from the stored claim (whatever else the form carries), judges it by the creditor's
//! policy, stores one open proposal per claim, and refuses what it must without changing anything.
//! The schedules the server must store are pinned as literals at the tests' instant (2026-11-23),
//! worked out by hand from docs/claim-arithmetic.md; the engine's own output is used only where the
//! test plays the browser (the digest of the schedule a page showed).
#![cfg(feature = "ssr")]

#[path = "support/app.rs"]
mod app;
#[path = "support/plan_forms.rs"]
mod plan_forms;

use app::db::TestDb;
use debtor_portal::domain::policy::{PolicyOutcome, Reason};
use debtor_portal::domain::proposal::{ChosenSize, PlanChoice, PlanInputs};
use debtor_portal::domain::{ClaimStatus, Money};
use debtor_portal::server::store::{AuditAction, ProposalState};

/// Anna: 40010001, about 2 740 kr. Erik: 40010002, about 4 200 kr. Both Swedish, default policy:
/// at most 24 installments of at least 200 kr, approved at once up to 12 of at least 500 kr.
const ANNA: (&str, &str) = ("40010001", "K7QM-4TXP");
const ERIK: (&str, &str) = ("40010002", "R3WZ-8HNC");
/// Paid in full.
const PAID: (&str, &str) = ("40010007", "C3JE-5WYU");

use plan_forms::{form, in_days, inputs, installments, post, propose};

async fn proposals(app: &app::App, case: &str) -> usize {
    app.state.store.proposals_of_claim(&app.claim_id(case).await).await.unwrap().len()
}

async fn inside_the_rules_the_plan_is_active_at_once_and_tampered_fields_are_ignored(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let cookie = app.session(ANNA.0, ANNA.1).await;
    let id = app.claim_id(ANNA.0).await;
    let choice = installments(3, in_days(&app, 10));
    let expected = inputs(&app, ANNA.0).await.basis().propose(choice).unwrap();
    assert_eq!(expected.verdict.outcome, PolicyOutcome::AutoApproved);

    let mut tampered = form(&choice, &expected.plan.fingerprint());
    for (k, v) in [("installment_amount", "1.00"), ("total_amount", "1.00"), ("plan_fee", "0"), ("state", "active")] {
        tampered.push((k, v.to_owned()));
    }
    tampered.push(("amount", "1.00".to_owned()));
    let r = post(&app, &format!("/claims/{id}/plan"), &tampered, &cookie).await;
    assert_eq!(app::App::location(&r), format!("/claims/{id}/plan?sent=1#plan"));

    let open = app.state.store.open_proposal(&id).await.unwrap().expect("one plan");
    assert_eq!(open.state, ProposalState::Active);
    // 2,485.00 + 20.42 interest + 240.00 fees + the 170.00 plan fee, at 10 % act/365: fees first,
    // then interest (6.81 to 12-03, 16.47 to 01-03, 8.26 to 02-03), then principal; the last pays off.
    let schedule: Vec<(String, String)> =
        open.installments.iter().map(|i| (i.due_date.to_string(), i.amount.to_string())).collect();
    let pinned = [("2026-12-03", "983.00"), ("2027-01-03", "983.00"), ("2027-02-03", "980.96")];
    assert_eq!(
        schedule,
        pinned.map(|(d, a)| (d.to_owned(), a.to_owned())),
        "the server's schedule, nothing from the form"
    );
    assert_eq!(open.total_amount.to_string(), "2946.96");
    assert_eq!(open.plan_fee, Money::from_minor(17_000), "the creditor's fee");
    assert_eq!(app.status(ANNA.0).await, ClaimStatus::PlanActive);
    let audit = app.state.store.audit_for(id.as_str()).await.unwrap();
    assert!(audit.iter().any(|e| e.action == AuditAction::PlanApproved));

    let page = app.get_with_cookie(&format!("/claims/{id}/plan?sent=1"), &cookie).await.text().await.unwrap();
    assert!(page.contains(r#"data-active="true""#), "the plan page shows the active plan");
    assert_eq!(page.matches(r#"data-testid="plan-row""#).count(), 3);
    assert!(page.contains(r#"data-testid="plan-next" data-amount="983.00" data-date="2026-12-03""#));
    let claim_page = app.get_with_cookie(&format!("/claims/{id}"), &cookie).await.text().await.unwrap();
    assert!(claim_page.contains(r#"data-testid="open-plan""#), "the claim page shows it too");
    let list = app.get_with_cookie("/claims", &cookie).await.text().await.unwrap();
    assert!(list.contains(&swedish("status_plan_active")), "My claims shows the new status");
    assert!(!list.contains(&format!("/claims/{id}/plan\"")), "no second plan is offered");
}

/// A text as the (Swedish-speaking) demo debtors see it.
fn swedish(key: &str) -> String {
    let sv: serde_json::Value = serde_json::from_str(include_str!("../src/locales/sv.json")).unwrap();
    sv[key].as_str().unwrap().to_owned()
}

async fn a_schedule_the_page_did_not_show_is_shown_to_confirm_first(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let cookie = app.session(ANNA.0, ANNA.1).await;
    let id = app.claim_id(ANNA.0).await;
    let choice = installments(3, in_days(&app, 10));
    // Without JavaScript the page showed another choice's schedule (or none): preview first.
    for shown in ["", "0123456789abcdef"] {
        let r = post(&app, &format!("/claims/{id}/plan"), &form(&choice, shown), &cookie).await;
        let loc = app::App::location(&r);
        assert_eq!(
            loc,
            format!("/claims/{id}/plan?mode=installments&count=3&first_due={}&review=1#plan", choice.first_due)
        );
        assert_eq!(proposals(&app, ANNA.0).await, 0, "nothing recorded before confirmation");
    }
    // The preview is the server's own schedule, with its digest in the form.
    let expected = inputs(&app, ANNA.0).await.basis().propose(choice).unwrap();
    let preview = format!("/claims/{id}/plan?mode=installments&count=3&first_due={}&review=1", choice.first_due);
    let page = app.get_with_cookie(&preview, &cookie).await.text().await.unwrap();
    assert!(page.contains(r#"data-testid="plan-review""#));
    assert!(page.contains(&format!(r#"name="shown" value="{}""#, expected.plan.fingerprint())));
    for i in &expected.plan.installments {
        // As the Swedish page writes it: ISO dates, `1 234,50` with a narrow no-break space.
        let n = |m: Money| debtor_portal::domain::format_amount(m, true);
        // Each installment: one line (number, date, amount), the split opening below it.
        let line = format!(
            r#"<span class="installment-n">{}</span><time datetime="{}">{}</time><span class="amount" data-field="amount">{}</span>"#,
            i.n,
            i.due_date,
            i.due_date,
            n(i.amount)
        );
        let at = page.find(&line).unwrap_or_else(|| panic!("{line} in\n{page}"));
        let row = &page[at..at + page[at..].find("</li>").unwrap()];
        for (field, m) in
            [("fees", i.fees), ("interest", i.interest), ("principal", i.principal), ("balance", i.balance_after)]
        {
            assert!(row.contains(&format!(r#"data-field="{field}">{}<"#, n(m))), "{field} of {} in {row}", i.n);
        }
    }
    // Confirming sends the same choice again; the server recomputes and records.
    let r = post(&app, &format!("/claims/{id}/plan"), &form(&choice, &expected.plan.fingerprint()), &cookie).await;
    assert_eq!(app::App::location(&r), format!("/claims/{id}/plan?sent=1#plan"));
    assert_eq!(proposals(&app, ANNA.0).await, 1);

    // The day turned after the page was loaded: a day's interest changes the schedule, so what the
    // page showed is shown again, recomputed, to confirm.
    app.state.clock.advance(86_400);
    let other = installments(4, in_days(&app, 10));
    let stale = inputs(&app, ERIK.0).await;
    let stale = PlanInputs { today: stale.today.pred_opt().unwrap(), ..stale };
    let erik = app.session(ERIK.0, ERIK.1).await;
    let erik_id = app.claim_id(ERIK.0).await;
    let shown = stale.basis().propose(other).unwrap().plan.fingerprint();
    let r = post(&app, &format!("/claims/{erik_id}/plan"), &form(&other, &shown), &erik).await;
    assert!(app::App::location(&r).ends_with("&review=1#plan"), "yesterday's schedule is shown again to confirm");
    assert_eq!(proposals(&app, ERIK.0).await, 0);
}

async fn outside_auto_approval_it_waits_for_the_creditor_and_can_be_withdrawn(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let cookie = app.session(ERIK.0, ERIK.1).await;
    let id = app.claim_id(ERIK.0).await;
    let choice = installments(18, in_days(&app, 14));
    let (r, expected) = propose(&app, ERIK.0, &cookie, &choice).await;
    assert_eq!(expected.verdict.outcome, PolicyOutcome::NeedsReview);
    assert_eq!(
        expected.verdict.reasons,
        vec![Reason::MoreInstallmentsThanAutoApproved, Reason::InstallmentBelowAutoApproved]
    );
    assert_eq!(app::App::location(&r), format!("/claims/{id}/plan?sent=1#plan"));
    let open = app.state.store.open_proposal(&id).await.unwrap().unwrap();
    assert_eq!(open.state, ProposalState::Pending);
    assert_eq!(open.reasons, expected.verdict.reasons);
    assert_eq!(app.status(ERIK.0).await, ClaimStatus::PlanProposed);
    let page = app.get_with_cookie(&format!("/claims/{id}/plan"), &cookie).await.text().await.unwrap();
    assert!(page.contains(r#"data-active="false""#) && page.contains("/plan/withdraw"));

    // Another choice while one is open is refused; the same one again is the same answer.
    let (r, _) = propose(&app, ERIK.0, &cookie, &installments(6, in_days(&app, 14))).await;
    assert_eq!(app::App::location(&r), format!("/claims/{id}/plan?error=plan_already_open#plan"));
    let (r, _) = propose(&app, ERIK.0, &cookie, &choice).await;
    assert_eq!(app::App::location(&r), format!("/claims/{id}/plan?sent=1#plan"));
    assert_eq!(proposals(&app, ERIK.0).await, 1);

    let r = app.post_form(&format!("/claims/{id}/plan/withdraw"), &[], &[("cookie", &cookie)]).await;
    assert_eq!(app::App::location(&r), format!("/claims/{id}/plan?withdrawn=1#plan"));
    assert_eq!(app.status(ERIK.0).await, ClaimStatus::DemandSent, "the status it had before");
    assert!(app.state.store.open_proposal(&id).await.unwrap().is_none());
    let r = app.post_form(&format!("/claims/{id}/plan/withdraw"), &[], &[("cookie", &cookie)]).await;
    assert_eq!(app::App::location(&r), format!("/claims/{id}/plan?error=no_pending_proposal#plan"));
    let audit = app.state.store.audit_for(id.as_str()).await.unwrap();
    assert_eq!(audit.iter().filter(|e| e.action == AuditAction::PlanWithdrawn).count(), 1);
    // And a new proposal may follow.
    let (r, _) = propose(&app, ERIK.0, &cookie, &installments(6, in_days(&app, 14))).await;
    assert_eq!(app::App::location(&r), format!("/claims/{id}/plan?sent=1#plan"));
}

async fn each_rule_refuses_its_plan_and_nothing_is_stored(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let cookie = app.session(ERIK.0, ERIK.1).await;
    let id = app.claim_id(ERIK.0).await;
    let small =
        PlanChoice { size: ChosenSize::Amount { amount: Money::from_minor(15_000) }, first_due: in_days(&app, 10) };
    let cases = [
        (installments(30, in_days(&app, 10)), vec![Reason::TooManyInstallments]),
        (small, vec![Reason::InstallmentBelowMinimum]),
        (installments(6, in_days(&app, 31)), vec![Reason::FirstDueTooLate]),
        (installments(1, in_days(&app, 31)), vec![Reason::DeferralTooLong]),
    ];
    for (choice, reasons) in cases {
        let (r, expected) = propose(&app, ERIK.0, &cookie, &choice).await;
        assert_eq!(expected.verdict.outcome, PolicyOutcome::Rejected, "{choice:?}");
        assert!(reasons.iter().all(|r| expected.verdict.reasons.contains(r)), "{:?}", expected.verdict.reasons);
        let loc = app::App::location(&r);
        assert!(loc.starts_with(&format!("/claims/{id}/plan?error=plan_rejected&mode=")), "{loc}");
        // The page the debtor lands on says why, for that choice.
        let page = app.get_with_cookie(loc.trim_end_matches("#plan"), &cookie).await.text().await.unwrap();
        assert!(page.contains(r#"data-outcome="rejected""#), "{loc}");
    }
    assert_eq!(proposals(&app, ERIK.0).await, 0);
    assert_eq!(app.status(ERIK.0).await, ClaimStatus::DemandSent);
    let audit = app.state.store.audit_for(id.as_str()).await.unwrap();
    assert_eq!(audit.iter().filter(|e| e.action == AuditAction::PlanRejected).count(), 4, "each refusal is audited");
}

async fn twenty_simultaneous_submissions_make_one_proposal(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let cookie = app.session(ANNA.0, ANNA.1).await;
    let id = app.claim_id(ANNA.0).await;
    let choice = installments(3, in_days(&app, 10));
    let shown = inputs(&app, ANNA.0).await.basis().propose(choice).unwrap().plan.fingerprint();
    let url = format!("{}/claims/{id}/plan", app.base);
    let body = form(&choice, &shown);
    // Spawned first, awaited after: all twenty are in flight together.
    let sends: Vec<_> = (0..20)
        .map(|_| {
            let (client, url, body, cookie) = (app.client.clone(), url.clone(), body.clone(), cookie.clone());
            tokio::spawn(async move { client.post(url).form(&body).header("cookie", cookie).send().await.unwrap() })
        })
        .collect();
    for send in sends {
        let r = send.await.unwrap();
        assert_eq!(app::App::location(&r), format!("/claims/{id}/plan?sent=1#plan"), "each gets the one plan");
    }
    assert_eq!(proposals(&app, ANNA.0).await, 1);
    let audit = app.state.store.audit_for(id.as_str()).await.unwrap();
    assert_eq!(audit.iter().filter(|e| e.action == AuditAction::PlanApproved).count(), 1);
}

async fn disputed_paid_and_other_debtors_claims_offer_no_plan(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let anna = app.session(ANNA.0, ANNA.1).await;
    let choice = installments(3, in_days(&app, 10));

    // Erik's claim, with Anna's session: not found, nothing written.
    let eriks = app.claim_id(ERIK.0).await;
    let shown = inputs(&app, ERIK.0).await.basis().propose(choice).unwrap().plan.fingerprint();
    let r = post(&app, &format!("/claims/{eriks}/plan"), &form(&choice, &shown), &anna).await;
    assert_eq!(r.status(), 404);
    assert_eq!(app.get_with_cookie(&format!("/claims/{eriks}/plan"), &anna).await.status(), 404);
    let r = app.post_form(&format!("/claims/{eriks}/plan/withdraw"), &[], &[("cookie", &anna)]).await;
    assert_eq!(r.status(), 404);
    assert_eq!(proposals(&app, ERIK.0).await, 0);

    // Without a session: to the sign-in form.
    let r = post(&app, &format!("/claims/{eriks}/plan"), &form(&choice, &shown), "").await;
    assert_eq!(app::App::location(&r), "/?error=unauthenticated#sign-in");

    // Paid in full.
    let paid = app.session(PAID.0, PAID.1).await;
    let paid_id = app.claim_id(PAID.0).await;
    let r = post(&app, &format!("/claims/{paid_id}/plan"), &form(&choice, "x"), &paid).await;
    assert_eq!(app::App::location(&r), format!("/claims/{paid_id}/plan?error=nothing_to_pay#plan"));
    let page = app.get_with_cookie(&format!("/claims/{paid_id}/plan"), &paid).await.text().await.unwrap();
    assert!(page.contains(r#"data-testid="no-plan""#) && !page.contains("plan-form"));
    assert_eq!(proposals(&app, PAID.0).await, 0);

    // Disputed.
    let own = app.claim_id(ANNA.0).await;
    sqlx::query("UPDATE claims SET status = 'disputed' WHERE id = $1")
        .bind(&own)
        .execute(app.state.store.pool())
        .await
        .unwrap();
    let (r, _) = propose(&app, ANNA.0, &anna, &choice).await;
    assert_eq!(app::App::location(&r), format!("/claims/{own}/plan?error=claim_disputed#plan"));
    let page = app.get_with_cookie(&format!("/claims/{own}/plan"), &anna).await.text().await.unwrap();
    assert!(page.contains(r#"data-testid="no-plan""#) && !page.contains("plan-form"));
    assert_eq!(proposals(&app, ANNA.0).await, 0);
    assert_eq!(app.status(ANNA.0).await, ClaimStatus::Disputed);
}

async fn bad_input_gets_its_code_and_changes_nothing(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let cookie = app.session(ANNA.0, ANNA.1).await;
    let id = app.claim_id(ANNA.0).await;
    let due = in_days(&app, 10).to_string();
    let yesterday = app.today().pred_opt().unwrap().to_string();
    let cases: [(&[(&str, &str)], &str); 8] = [
        (&[("mode", "installments"), ("count", "0"), ("first_due", &due)], "invalid_installments"),
        (&[("mode", "installments"), ("count", "121"), ("first_due", &due)], "invalid_installments"),
        (&[("mode", "installments"), ("count", "3; DROP TABLE claims"), ("first_due", &due)], "invalid_installments"),
        (&[("mode", "amount"), ("amount", "-5"), ("first_due", &due)], "invalid_amount"),
        (&[("mode", "amount"), ("amount", "10.005"), ("first_due", &due)], "invalid_amount"),
        (&[("mode", "weekly"), ("count", "3"), ("first_due", &due)], "amount_xor_installments"),
        (&[("mode", "installments"), ("count", "3"), ("first_due", "2026-13-01")], "invalid_date"),
        (&[("mode", "installments"), ("count", "3"), ("first_due", &yesterday)], "first_due_before_start"),
    ];
    for (fields, code) in cases {
        let r = app.post_form(&format!("/claims/{id}/plan"), fields, &[("cookie", &cookie)]).await;
        let loc = app::App::location(&r);
        assert!(loc.starts_with(&format!("/claims/{id}/plan?error={code}")), "{fields:?}: {loc}");
        let page = app.get_with_cookie(loc.trim_end_matches("#plan"), &cookie).await.text().await.unwrap();
        assert!(page.contains(r#"data-testid="plan-error""#), "the error is shown, translated");
    }
    let amount = [("mode", "amount"), ("amount", "1"), ("first_due", due.as_str())];
    let r = app.post_form(&format!("/claims/{id}/plan"), &amount, &[("cookie", &cookie)]).await;
    assert!(app::App::location(&r)
        .starts_with(&format!("/claims/{id}/plan?error=does_not_amortize&mode=amount&amount=1.00")));
    // Another site's page cannot send a proposal (the shared same-origin check).
    let choice = installments(3, in_days(&app, 10));
    let shown = inputs(&app, ANNA.0).await.basis().propose(choice).unwrap().plan.fingerprint();
    let pairs = form(&choice, &shown);
    let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = app
        .post_form(&format!("/claims/{id}/plan"), &pairs, &[("cookie", &cookie), ("origin", "https://evil.example")])
        .await;
    assert_eq!(r.status(), 403);
    assert_eq!(proposals(&app, ANNA.0).await, 0);
    assert_eq!(app.status(ANNA.0).await, ClaimStatus::DemandSent);
}

async fn the_plan_page_offers_the_calculator_with_the_creditors_rules(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let cookie = app.session(ANNA.0, ANNA.1).await;
    let id = app.claim_id(ANNA.0).await;
    let r = app.get_with_cookie(&format!("/claims/{id}/plan"), &cookie).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["cache-control"], "no-store");
    let page = r.text().await.unwrap();
    for key in ["plan_count_label", "plan_amount_label", "plan_first_due_label", "plan_send", "plan_policy_title"] {
        assert!(page.contains(&swedish(key)), "{key}");
    }
    let (first, last) = inputs(&app, ANNA.0).await.basis().first_due_window();
    assert!(page.contains(&format!(r#"min="{first}" max="{last}""#)), "the date field is held to the policy");
    assert!(page.contains("<leptos-island"), "the calculator is an island");
    let claim_page = app.get_with_cookie(&format!("/claims/{id}"), &cookie).await.text().await.unwrap();
    assert!(claim_page.contains(&format!(r#"href="/claims/{id}/plan""#)), "linked from the claim");
    let list = app.get_with_cookie("/claims", &cookie).await.text().await.unwrap();
    assert!(list.contains(&format!(r#"href="/claims/{id}/plan""#)), "and from My claims");
}

async fn an_active_plan_has_an_agreement_page_and_pdf_for_its_debtor_only(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let cookie = app.session(ANNA.0, ANNA.1).await;
    let id = app.claim_id(ANNA.0).await;
    let page_path = format!("/claims/{id}/plan/agreement");
    let pdf_path = format!("/claims/{id}/plan/agreement.pdf");
    assert_eq!(app.get_with_cookie(&page_path, &cookie).await.status(), 404, "no plan, no agreement");
    assert_eq!(app.get_with_cookie(&pdf_path, &cookie).await.status(), 404);

    let (r, expected) = propose(&app, ANNA.0, &cookie, &installments(3, in_days(&app, 10))).await;
    assert_eq!(app::App::location(&r), format!("/claims/{id}/plan?sent=1#plan"));
    let page = app.get_with_cookie(&page_path, &cookie).await.text().await.unwrap();
    for must in ["Nordljus Energi AB", "556677-1234", "Anna Lindqvist", "40010001", &swedish("agreement_title")] {
        assert!(page.contains(must), "{must}");
    }
    assert_eq!(page.matches(r#"data-testid="agreement-row""#).count(), 3);
    let plan_page = app.get_with_cookie(&format!("/claims/{id}/plan"), &cookie).await.text().await.unwrap();
    assert!(plan_page.contains(&format!(r#"href="{page_path}""#)), "linked from the active plan");

    let r = app.get_with_cookie(&pdf_path, &cookie).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    assert_eq!(r.headers()["content-disposition"], "attachment; filename=\"plan-40010001.pdf\"");
    assert_eq!(r.headers()["cache-control"], "no-store");
    let pdf = r.bytes().await.unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(String::from_utf8_lossy(&pdf[pdf.len() - 16..]).contains("%%EOF"), "a whole file");
    let text = String::from_utf8_lossy(&pdf);
    // "Gäldenär: Anna Lindqvist" has letters beyond ASCII, so the PDF holds it in hex.
    let hex: String = "Anna Lindqvist".bytes().map(|b| format!("{b:02X}")).collect();
    assert!(text.contains(&hex), "the debtor is named");
    let last = expected.plan.installments.last().unwrap();
    assert!(text.contains(&format!("({})", last.due_date)), "every due date is in it");

    // Anyone else: not found. Without a session: refused.
    let erik = app.session(ERIK.0, ERIK.1).await;
    assert_eq!(app.get_with_cookie(&page_path, &erik).await.status(), 404);
    assert_eq!(app.get_with_cookie(&pdf_path, &erik).await.status(), 404);
    assert_eq!(app.get(&pdf_path).await.status(), 401);
}

on_both_backends!(
    crate::app::db;
    inside_the_rules_the_plan_is_active_at_once_and_tampered_fields_are_ignored,
    a_schedule_the_page_did_not_show_is_shown_to_confirm_first,
    outside_auto_approval_it_waits_for_the_creditor_and_can_be_withdrawn,
    each_rule_refuses_its_plan_and_nothing_is_stored,
    twenty_simultaneous_submissions_make_one_proposal,
    disputed_paid_and_other_debtors_claims_offer_no_plan,
    bad_input_gets_its_code_and_changes_nothing,
    the_plan_page_offers_the_calculator_with_the_creditors_rules,
    an_active_plan_has_an_agreement_page_and_pdf_for_its_debtor_only,
);

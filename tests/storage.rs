//! The storage API against a real SQLite file and a real PostgreSQL: the same tests on both.
#![cfg(feature = "ssr")]

#[path = "support/db.rs"]
mod db;

use chrono::NaiveDate;
use db::TestDb;
use debtor_portal::domain::claim::{Claim, Fee, KnownFee, Payment};
use debtor_portal::domain::ids::{ClaimId, DebtorId};
use debtor_portal::domain::interest::{DayCount, InterestTerms};
use debtor_portal::domain::policy::{PlanPolicy, PolicyOutcome, Reason};
use debtor_portal::domain::proposal::{ChosenSize, PlanBasis, PlanChoice, Proposal};
use debtor_portal::domain::reference::ReferenceScheme;
use debtor_portal::domain::statement::statement;
use debtor_portal::domain::{ClaimStatus, Country, Language, Money};
use debtor_portal::server::clock::Instant;
use debtor_portal::server::demo;
use debtor_portal::server::store::{
    ActorKind, AuditAction, ClaimRegistration, CreditorRecord, NewProposal, ProposalState, Recorded,
};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn sample_claim() -> Claim {
    Claim::new(
        Money::parse("10000.00").unwrap(),
        d("2023-12-15"),
        InterestTerms::Statutory { margin: 8.into(), day_count: DayCount::Act365 },
        vec![
            Fee { kind: KnownFee::Reminder.into(), amount: Money::parse("60").unwrap(), date: d("2024-01-05") },
            Fee { kind: KnownFee::Collection.into(), amount: Money::parse("180").unwrap(), date: d("2024-01-20") },
        ],
        vec![Payment { date: d("2024-02-01"), amount: Money::parse("500.01").unwrap() }],
    )
    .unwrap()
}

async fn setup_claim(db: &TestDb) -> (ClaimId, DebtorId, Claim) {
    let s = &db.store;
    let creditor = CreditorRecord::new(
        "Test Energi AB",
        "556000-0000",
        Country::Se,
        (Some("123-4567"), None),
        ReferenceScheme::SeOcrLength,
        &PlanPolicy::default_for(Country::Se),
    );
    s.insert_creditor(&creditor).await.unwrap();
    let debtor = s.insert_debtor("Test Person", Language::Sv, Some("t@example.se"), None, None).await.unwrap();
    let claim = sample_claim();
    let id = s
        .insert_claim(ClaimRegistration {
            case_number: "90000001",
            creditor_id: &creditor.id,
            debtor_id: &debtor.id,
            concerns: "Elräkning",
            original_invoice: "INV-1",
            claim: &claim,
            status: ClaimStatus::DemandSent,
            reference_base: "90000001",
            access_code_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaA",
            code_expires_at: Instant::from_unix(2_000_000_000),
            demand_sent_on: d("2024-01-20"),
        })
        .await
        .unwrap();
    (id, debtor.id, claim)
}

async fn claim_round_trips_to_the_ore(db: TestDb) {
    let (id, debtor_id, claim) = setup_claim(&db).await;
    let rec = db.store.claim(&id).await.unwrap().expect("stored");
    assert_eq!(rec.principal, Money::from_minor(1_000_000));
    assert_eq!(rec.status, ClaimStatus::DemandSent);
    assert_eq!(rec.demand_sent_on, d("2024-01-20"));
    let raw: (i64,) = sqlx::query_as("SELECT principal FROM claims WHERE id = $1")
        .bind(&id)
        .fetch_one(db.store.pool())
        .await
        .unwrap();
    assert_eq!(raw.0, 1_000_000, "money is stored as minor units");
    let back = db.store.domain_claim(&rec).await.unwrap();
    assert_eq!(back, claim);
    let table = db.store.rate_table("se-reference").await.unwrap();
    let st = statement(&back, &table, d("2024-03-01")).unwrap();
    assert_eq!(st.total_outstanding, statement(&claim, &table, d("2024-03-01")).unwrap().total_outstanding);
    assert_eq!(db.store.claims_of_debtor(&debtor_id).await.unwrap().len(), 1);
    assert!(db.store.claims_of_debtor(&"someone-else".parse().unwrap()).await.unwrap().is_empty());
    let by_case = db.store.claim_by_case_number("90000001").await.unwrap().unwrap();
    assert_eq!(by_case.id, id);
    let codes = db.store.access_codes_of(&id).await.unwrap();
    assert_eq!(codes.len(), 1);
    assert!(codes[0].code_hash.starts_with("$argon2id$") && codes[0].expires_at == Instant::from_unix(2_000_000_000));
    assert!(db.store.claim_by_case_number("90000002").await.unwrap().is_none());
}

async fn identifiers_are_not_guessable(db: TestDb) {
    let (a, _, _) = setup_claim(&db).await;
    assert_eq!(a.as_str().len(), 32);
    assert!(a.as_str().bytes().all(|b| b.is_ascii_hexdigit()));
    assert!(db.store.claim(&"1".parse().unwrap()).await.unwrap().is_none());
}

async fn reference_rate_tables_are_loaded(db: TestDb) {
    let se = db.store.rate_table("se-reference").await.unwrap();
    let no = db.store.rate_table("no-forsinkelsesrente").await.unwrap();
    assert_eq!(se.entries().len(), 9);
    assert_eq!(no.entries().len(), 9);
    assert_eq!(se.in_force(d("2023-03-01")).unwrap().rate.to_string(), "2.50");
    assert_eq!(no.in_force(d("2026-11-21")).unwrap().rate.to_string(), "12.00");
}

async fn audit_log_is_append_only(db: TestDb) {
    db.store
        .audit(
            ActorKind::Debtor,
            Some("d1"),
            AuditAction::SignedIn,
            Some("c1"),
            &serde_json::json!({"ip": "127.0.0.1"}),
        )
        .await
        .unwrap();
    let entries = db.store.audit_for("c1").await.unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].action, AuditAction::SignedIn);
    assert_eq!(entries[0].detail["ip"], "127.0.0.1");
    let update = sqlx::query("UPDATE audit_log SET action = 'x'").execute(db.store.pool()).await;
    assert!(update.is_err(), "an audit entry was rewritten");
    let delete = sqlx::query("DELETE FROM audit_log").execute(db.store.pool()).await;
    assert!(delete.is_err(), "an audit entry was deleted");
    assert_eq!(db.store.audit_for("c1").await.unwrap().len(), 1);
}

async fn schema_refuses_bad_money(db: TestDb) {
    let (id, _, _) = setup_claim(&db).await;
    let neg = sqlx::query("INSERT INTO fees (id, claim_id, position, kind, amount, charged_on) VALUES ('x', $1, 9, 'k', -5, '2024-01-01')")
        .bind(&id)
        .execute(db.store.pool())
        .await;
    assert!(neg.is_err(), "a negative fee was stored");
    let rec = db.store.claim(&id).await.unwrap().unwrap();
    assert_eq!(db.store.domain_claim(&rec).await.unwrap().fees().len(), 2);
}

async fn demo_data_loads_once(db: TestDb) {
    let today = d("2026-11-21");
    assert!(db.store.is_empty().await.unwrap());
    assert!(demo::seed(&db.store, today).await.unwrap());
    assert!(!demo::seed(&db.store, today).await.unwrap(), "a second load must change nothing");
    assert_eq!(db.store.count("creditors").await.unwrap(), 3);
    assert_eq!(db.store.count("debtors").await.unwrap(), 12);
    assert_eq!(db.store.count("claims").await.unwrap(), demo::logins().len() as i64);
    assert_eq!(db.store.count("staff_users").await.unwrap(), demo::STAFF.len() as i64);
    // Every demo claim is a valid engine input and has something to show.
    for login in demo::logins() {
        let rec = db.store.claim_by_case_number(login.case_number).await.unwrap().unwrap();
        let codes = db.store.access_codes_of(&rec.id).await.unwrap();
        let hash = &codes[0].code_hash;
        assert!(hash.starts_with("$argon2id$"), "access codes are stored only as argon2id hashes");
        assert!(!hash.contains(login.access_code));
        let creditor = db.store.creditor(&rec.creditor_id).await.unwrap().unwrap();
        assert_eq!(creditor.policy.country(), creditor.country);
        let table = db.store.rate_table(&creditor.rate_table).await.unwrap();
        let claim = db.store.domain_claim(&rec).await.unwrap();
        let st = statement(&claim, &table, today).unwrap();
        assert!(st.total_outstanding.is_positive() || rec.status == ClaimStatus::Paid, "{}", login.case_number);
    }
    let staff = db.store.staff_user_by_email(demo::STAFF[0].email).await.unwrap().unwrap();
    assert!(staff.password_hash.starts_with("$argon2id$"));
}

/// Reissuing a code revokes every earlier one of the letter at once; expiry is per code.
async fn a_new_code_revokes_the_old(db: TestDb) {
    let (id, _, _) = setup_claim(&db).await;
    let soon = chrono::Utc::now().timestamp() + 100;
    db.store.replace_access_code(&id, "$argon2id$new", Instant::from_unix(soon)).await.unwrap();
    let codes = db.store.access_codes_of(&id).await.unwrap();
    let now = codes[0].issued_at;
    assert_eq!(codes.len(), 2);
    assert_eq!(codes[0].code_hash, "$argon2id$new");
    assert!(codes[0].is_live(now) && !codes[0].is_live(Instant::from_unix(soon)), "expires when it says");
    assert_eq!(codes[1].revoked_at, Some(now));
    assert!(!codes[1].is_live(now));
}

/// The throttle's reservation is one atomic step: 60 attempts at once from one client on one case
/// number reserve exactly the free tries, and the counters say so.
async fn parallel_reservations_are_counted_exactly(db: TestDb) {
    use debtor_portal::server::auth::throttle::{CLIENT_LIMIT, FREE_TRIES};
    use debtor_portal::server::store::{case_client_key, ThrottleScope};
    let now = 1_795_435_200;
    let tasks: Vec<_> = (0..60)
        .map(|_| {
            let store = db.store.clone();
            tokio::spawn(async move {
                store.reserve_sign_in("90000001", "203.0.113.7", Instant::from_unix(now)).await.unwrap()
            })
        })
        .collect();
    let mut granted = 0;
    for t in tasks {
        granted += i64::from(t.await.unwrap().is_ok());
    }
    assert_eq!(granted, FREE_TRIES);
    let key = case_client_key("90000001", "203.0.113.7");
    assert_eq!(db.store.throttle_attempts(ThrottleScope::CaseClient, &key).await.unwrap(), FREE_TRIES);
    assert_eq!(db.store.throttle_attempts(ThrottleScope::Client, "203.0.113.7").await.unwrap(), FREE_TRIES);
    // The client limit holds the same way across many case numbers.
    let tasks: Vec<_> = (0..60)
        .map(|i| {
            let store = db.store.clone();
            tokio::spawn(async move {
                store.reserve_sign_in(&format!("9100{i:04}"), "198.51.100.1", Instant::from_unix(now)).await.unwrap()
            })
        })
        .collect();
    let mut granted = 0;
    for t in tasks {
        granted += i64::from(t.await.unwrap().is_ok());
    }
    assert_eq!(granted, CLIENT_LIMIT);
    assert_eq!(db.store.throttle_attempts(ThrottleScope::Client, "198.51.100.1").await.unwrap(), CLIENT_LIMIT);
}

/// Guesses spread over many clients stop too (the account's own counter), and a right code is no
/// free attempt for its client: alternating right and wrong codes runs into the client's limit.
async fn accounts_are_counted_across_clients_and_right_codes_count(db: TestDb) {
    use debtor_portal::server::auth::throttle::{ACCOUNT_LIMIT, CLIENT_LIMIT};
    use debtor_portal::server::store::{Refused, ThrottleScope};
    let s = &db.store;
    let now = 2_000_000;
    for i in 0..ACCOUNT_LIMIT {
        assert!(s
            .reserve_sign_in("90000002", &format!("10.0.{}.{}", i / 200, i % 200), Instant::from_unix(now))
            .await
            .unwrap()
            .is_ok());
    }
    // Past the limit a client that has guessed on the account before waits; one new to it gets its
    // first attempt (the rightful holder is never locked out by strangers), and only that one.
    let refused = s.reserve_sign_in("90000002", "10.0.0.1", Instant::from_unix(now)).await.unwrap();
    assert!(
        matches!(refused, Err(Refused::Account { until }) if until == Instant::from_unix(now + 24 * 3600)),
        "{refused:?}"
    );
    assert!(
        s.reserve_sign_in("90000002", "10.9.9.9", Instant::from_unix(now)).await.unwrap().is_ok(),
        "a new client's first try"
    );
    let second = s.reserve_sign_in("90000002", "10.9.9.9", Instant::from_unix(now)).await.unwrap();
    assert!(matches!(second, Err(Refused::Account { .. })), "{second:?}");
    assert!(
        s.reserve_sign_in("90000003", "10.9.9.8", Instant::from_unix(now)).await.unwrap().is_ok(),
        "another account is open"
    );
    // A right code (released) starts the account's count over, but its client's attempt stays counted.
    let right = s.reserve_sign_in("90000004", "192.0.2.50", Instant::from_unix(now)).await.unwrap().unwrap();
    s.release_sign_in(&right).await.unwrap();
    assert_eq!(s.throttle_attempts(ThrottleScope::Client, "192.0.2.50").await.unwrap(), 1);
    assert_eq!(s.throttle_attempts(ThrottleScope::Account, "90000004").await.unwrap(), 0);
    for _ in 1..CLIENT_LIMIT {
        let r = s.reserve_sign_in("90000004", "192.0.2.50", Instant::from_unix(now)).await.unwrap().unwrap();
        s.release_sign_in(&r).await.unwrap();
    }
    let r = s.reserve_sign_in("90000005", "192.0.2.50", Instant::from_unix(now)).await.unwrap();
    assert!(matches!(r, Err(Refused::Client { .. })), "{r:?}");
}

/// Housekeeping forgets what can no longer matter, and nothing else.
async fn expired_sessions_and_old_counters_are_purged(db: TestDb) {
    use debtor_portal::server::store::{NewSession, SignInMethod, Subject, ThrottleScope};
    let s = &db.store;
    let t0 = 1_000_000;
    let who = Subject::Debtor("d".parse().unwrap());
    let session = |token_hash: &'static str| NewSession {
        token_hash,
        subject: &who,
        method: SignInMethod::LetterCode,
        claims: &[],
        pending: None,
    };
    s.insert_session(session("old"), 5, Instant::from_unix(t0)).await.unwrap();
    s.insert_session(session("new"), 5, Instant::from_unix(t0 + 3000)).await.unwrap();
    assert_eq!(s.purge_sessions(Instant::from_unix(t0 + 10), Instant::from_unix(t0 - 1)).await.unwrap(), 1);
    assert!(s.session("old").await.unwrap().is_none() && s.session("new").await.unwrap().is_some());
    s.reserve_sign_in("1", "a", Instant::from_unix(t0)).await.unwrap().unwrap();
    assert_eq!(s.purge_throttle(Instant::from_unix(t0 + 60)).await.unwrap(), 0, "a counter in its window stays");
    // The client's, the case number's from that client, and the account's from all clients.
    assert_eq!(s.purge_throttle(Instant::from_unix(t0 + 2 * 24 * 3600)).await.unwrap(), 3);
    assert_eq!(s.throttle_attempts(ThrottleScope::Client, "a").await.unwrap(), 0);
}

/// A person has at most a few sessions; a new one ends the oldest.
async fn the_oldest_session_ends_beyond_the_limit(db: TestDb) {
    use debtor_portal::server::store::{NewSession, SignInMethod, Subject};
    let (claim, _, _) = setup_claim(&db).await;
    let s = &db.store;
    let who = Subject::Debtor("d".parse().unwrap());
    for i in 0..7 {
        let token = format!("t{i}");
        let session = NewSession {
            token_hash: &token,
            subject: &who,
            method: SignInMethod::LetterCode,
            claims: std::slice::from_ref(&claim),
            pending: None,
        };
        s.insert_session(session, 5, Instant::from_unix(100 + i)).await.unwrap();
    }
    assert_eq!(s.session_count(&who).await.unwrap(), 5);
    assert!(s.session("t0").await.unwrap().is_none() && s.session("t1").await.unwrap().is_none());
    assert!(s.session("t6").await.unwrap().is_some());
    let letters_of_t0: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM session_claims WHERE token_hash = 't0'")
        .fetch_one(s.pool())
        .await
        .unwrap();
    assert_eq!(letters_of_t0, 0, "its letters go with it");
    assert_eq!(s.session("t6").await.unwrap().unwrap().claims, [claim]);
    assert_eq!(s.session_count(&Subject::Debtor("other".parse().unwrap())).await.unwrap(), 0);
}

/// A value the program does not know, written into a code column behind its back, is reported as
/// corrupt data by the store, never handed upwards as text.
async fn unknown_codes_in_stored_rows_are_corrupt_data(db: TestDb) {
    use debtor_portal::server::store::StoreError;
    let (id, _, _) = setup_claim(&db).await;
    // Ten characters, so the schema's length check lets it in.
    sqlx::query("UPDATE fees SET charged_on = 'not a date' WHERE claim_id = $1")
        .bind(&id)
        .execute(db.store.pool())
        .await
        .unwrap();
    let rec = db.store.claim(&id).await.unwrap().unwrap();
    assert!(matches!(db.store.domain_claim(&rec).await, Err(StoreError::Corrupt(_))));
    sqlx::query("UPDATE claims SET interest_rate = 'eight' WHERE id = $1")
        .bind(&id)
        .execute(db.store.pool())
        .await
        .unwrap();
    assert!(matches!(db.store.claim(&id).await, Err(StoreError::Corrupt(_))));
}

/// A proposal computed the way the server computes it: from the stored claim and a choice.
async fn proposal_for(db: &TestDb, claim_id: &ClaimId, count: u32) -> (Proposal, PlanPolicy) {
    let rec = db.store.claim(claim_id).await.unwrap().unwrap();
    let (creditor, table, claim) = db.store.engine_inputs(&rec).await.unwrap();
    let basis = PlanBasis { claim: &claim, table: &table, policy: &creditor.policy, today: d("2026-11-24") };
    let choice = PlanChoice { size: ChosenSize::Installments { count }, first_due: d("2026-12-15") };
    (basis.propose(choice).unwrap(), creditor.policy.clone())
}

fn new_proposal<'a>(
    claim_id: &'a ClaimId,
    debtor_id: &'a DebtorId,
    p: &'a Proposal,
    policy: &PlanPolicy,
) -> NewProposal<'a> {
    let active = p.verdict.outcome == PolicyOutcome::AutoApproved;
    NewProposal {
        claim_id,
        debtor_id,
        state: if active { ProposalState::Active } else { ProposalState::Pending },
        proposal: p,
        plan_fee: policy.terms().plan_fee,
        status_before: ClaimStatus::DemandSent,
        status_after: if active { ClaimStatus::PlanActive } else { ClaimStatus::PlanProposed },
    }
}

/// A double click, a retry or two tabs: twenty submissions at once make exactly one proposal, with
/// one audit line, and the other nineteen are told about that one.
async fn twenty_simultaneous_proposals_make_one(db: TestDb) {
    let (claim_id, debtor_id, _) = setup_claim(&db).await;
    let (proposal, policy) = proposal_for(&db, &claim_id, 6).await;
    assert_eq!(proposal.verdict.outcome, PolicyOutcome::AutoApproved);
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let (store, claim_id, debtor_id, proposal, policy) =
                (db.store.clone(), claim_id.clone(), debtor_id.clone(), proposal.clone(), policy.clone());
            tokio::spawn(async move {
                store.record_proposal(new_proposal(&claim_id, &debtor_id, &proposal, &policy)).await.unwrap()
            })
        })
        .collect();
    let mut created = Vec::new();
    let mut told = 0;
    for t in tasks {
        match t.await.unwrap() {
            Recorded::Created(r) => created.push(r),
            Recorded::AlreadyOpen(_) => told += 1,
        }
    }
    assert_eq!((created.len(), told), (1, 19));
    let stored = db.store.proposals_of_claim(&claim_id).await.unwrap();
    assert_eq!(stored, created);
    let r = &stored[0];
    assert_eq!(r.state, ProposalState::Active);
    assert_eq!(r.installments, proposal.plan.installments, "the schedule is kept to the öre");
    assert_eq!((r.choice, r.installment_amount), (proposal.choice, proposal.plan.installment_amount));
    assert_eq!((r.start_total, r.plan_fee), (proposal.plan.start.total, Money::parse("170").unwrap()));
    assert_eq!(db.store.claim(&claim_id).await.unwrap().unwrap().status, ClaimStatus::PlanActive);
    let approvals = db.store.audit_for(claim_id.as_str()).await.unwrap();
    assert_eq!(approvals.iter().filter(|a| a.action == AuditAction::PlanApproved).count(), 1);
    // An active plan is an agreement: it is not withdrawn from here.
    assert_eq!(db.store.withdraw_proposal(&claim_id, &debtor_id).await.unwrap(), None);
}

async fn a_pending_proposal_is_withdrawn_and_the_status_restored(db: TestDb) {
    let (claim_id, debtor_id, _) = setup_claim(&db).await;
    let (proposal, policy) = proposal_for(&db, &claim_id, 18).await;
    assert_eq!(proposal.verdict.reasons, vec![Reason::MoreInstallmentsThanAutoApproved]);
    let Recorded::Created(r) =
        db.store.record_proposal(new_proposal(&claim_id, &debtor_id, &proposal, &policy)).await.unwrap()
    else {
        panic!("the first proposal is created")
    };
    assert_eq!((r.state, r.reasons.clone()), (ProposalState::Pending, vec![Reason::MoreInstallmentsThanAutoApproved]));
    assert_eq!(db.store.claim(&claim_id).await.unwrap().unwrap().status, ClaimStatus::PlanProposed);
    assert_eq!(
        db.store.withdraw_proposal(&claim_id, &"someone-else".parse().unwrap()).await.unwrap(),
        None,
        "only its debtor"
    );
    let w = db.store.withdraw_proposal(&claim_id, &debtor_id).await.unwrap().unwrap();
    assert_eq!(w.state, ProposalState::Withdrawn);
    assert!(w.decided_at.is_some());
    assert_eq!(db.store.claim(&claim_id).await.unwrap().unwrap().status, ClaimStatus::DemandSent);
    assert_eq!(db.store.withdraw_proposal(&claim_id, &debtor_id).await.unwrap(), None, "nothing left to withdraw");
    assert_eq!(db.store.open_proposal(&claim_id).await.unwrap(), None);
    let audit = db.store.audit_for(claim_id.as_str()).await.unwrap();
    let actions: Vec<_> = audit.iter().map(|a| a.action).collect();
    assert_eq!(actions, vec![AuditAction::PlanProposed, AuditAction::PlanWithdrawn]);
    // Withdrawn, the claim takes a new proposal.
    let again = db.store.record_proposal(new_proposal(&claim_id, &debtor_id, &proposal, &policy)).await.unwrap();
    assert!(matches!(again, Recorded::Created(_)));
    assert_eq!(db.store.proposals_of_claim(&claim_id).await.unwrap().len(), 2);
}

/// Every migration of the backend's folder is applied, once, and migrating again changes no row.
async fn migrations_are_idempotent(db: TestDb) {
    use debtor_portal::server::store::Backend;
    use sqlx::Row;
    let folder = match db.store.backend() {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    };
    let files = std::fs::read_dir(format!("{}/migrations/{folder}", env!("CARGO_MANIFEST_DIR")))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().ends_with(".sql"))
        .count() as i64;
    assert!(files >= 22, "the migrations folder lost files: {files}");
    assert!(demo::seed(&db.store, d("2026-11-21")).await.unwrap());
    let before = (db.store.count("claims").await.unwrap(), db.store.count("audit_log").await.unwrap());
    db.store.migrate().await.unwrap();
    let applied = sqlx::query("SELECT COUNT(*) AS n FROM _sqlx_migrations WHERE success")
        .fetch_one(db.store.pool())
        .await
        .unwrap()
        .try_get::<i64, _>("n")
        .unwrap();
    assert_eq!(applied, files, "each migration applied exactly once");
    assert_eq!((db.store.count("claims").await.unwrap(), db.store.count("audit_log").await.unwrap()), before);
}

on_both_backends!(
    crate::db;
    accounts_are_counted_across_clients_and_right_codes_count,
    claim_round_trips_to_the_ore,
    identifiers_are_not_guessable,
    reference_rate_tables_are_loaded,
    audit_log_is_append_only,
    schema_refuses_bad_money,
    demo_data_loads_once,
    unknown_codes_in_stored_rows_are_corrupt_data,
    migrations_are_idempotent,
    a_new_code_revokes_the_old,
    parallel_reservations_are_counted_exactly,
    expired_sessions_and_old_counters_are_purged,
    the_oldest_session_ends_beyond_the_limit,
    twenty_simultaneous_proposals_make_one,
    a_pending_proposal_is_withdrawn_and_the_status_restored,
);

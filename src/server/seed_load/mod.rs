//! `debtor-portal seed-load --claims N`: a large, repeatable data set for measuring the portal (five
//! creditors in Sweden and Norway with their staff, debtors with one or more claims, fees, payments,
//! plans, proposals waiting for the creditor, disputes with documents), loaded into an empty
//! database in batches. Prints how to sign in with a sample of letters and as each creditor's staff.

mod follow_ups;
pub mod generate;

use std::time::Instant as Stopwatch;

use super::auth::{canonical_code, generate_code, hash_secret};
use super::config::Config;
use super::document_vault::Vault;
use super::ids::new_id;
use super::store::{ActorKind, AuditAction, CreditorRecord, LoadCodes, NewStaffUser, StaffRole, Store};
use crate::domain::policy::PlanPolicy;
use crate::domain::reference::reference;
use crate::domain::Country;
use generate::{case_number, Generator, Setting, CREDITORS};

/// Claims per batch: one transaction, a few dozen multi-row statements.
const BATCH: u64 = 5_000;
/// Letters whose access code is printed (and so known).
const SAMPLE_LETTERS: u64 = 10;

/// A letter printed for signing in.
pub struct SampleSignIn {
    pub case_number: String,
    pub access_code: String,
    pub payment_reference: String,
    pub creditor: &'static str,
    pub status: String,
}

/// A staff account printed for signing in.
pub struct StaffSignIn {
    pub creditor: &'static str,
    pub role: StaffRole,
    pub email: String,
    pub password: String,
}

/// What a load made, for the command to print.
pub struct Loaded {
    pub claims: u64,
    pub rows: u64,
    pub letters: Vec<SampleSignIn>,
    pub staff: Vec<StaffSignIn>,
}

/// The command: loads `claims` claims into the (empty) database of `store`, prints the sign-ins on
/// standard output and the time it took on standard error.
pub async fn command(store: Store, config: &Config, claims: u64) -> Result<(), String> {
    let started = Stopwatch::now();
    let store = store.with_vault(Vault::new(&config.document_keys));
    let loaded = load(&store, claims, config.code_lifetime_days).await?;
    let secs = started.elapsed().as_secs_f64();
    println!("loaded {} claims ({} rows)", loaded.claims, loaded.rows);
    println!("\nSample letters (case number, access code, payment reference); every other letter's code is unknown:");
    for l in &loaded.letters {
        println!(
            "  case {}  code {}  reference {}  {:<24} {}",
            l.case_number, l.access_code, l.payment_reference, l.creditor, l.status
        );
    }
    println!("\nCreditor staff sign in at /staff:");
    for s in &loaded.staff {
        println!("  {:<24} {:<5} {:<36} password {}", s.creditor, s.role.as_str(), s.email, s.password);
    }
    eprintln!(
        "seed-load: {} claims, {} rows in {secs:.1} s ({:.0} rows/s)",
        loaded.claims,
        loaded.rows,
        loaded.rows as f64 / secs.max(0.001)
    );
    Ok(())
}

/// Loads `claims` claims as of the store's today. Refused (nothing written) when the database holds
/// any data: the load is a data set of its own, not an addition to one.
pub async fn load(store: &Store, claims: u64, code_lifetime_days: i64) -> Result<Loaded, String> {
    if !store.is_empty().await.map_err(|e| e.to_string())? {
        return Err("the database already holds data; seed-load loads only into an empty database \
                    (nothing was loaded)"
            .into());
    }
    // Both countries' calendars give the same day (Stockholm and Oslo keep one offset all year).
    let today = store.clock().today_in(Country::Se);
    let started = Stopwatch::now();
    let mut creditors = Vec::new();
    let mut tables = Vec::new();
    for c in &CREDITORS {
        let rec = CreditorRecord::new(
            c.name,
            c.org_number,
            c.country,
            (c.bankgiro, c.account),
            c.scheme,
            &PlanPolicy::default_for(c.country),
        );
        store.insert_creditor(&rec).await.map_err(|e| e.to_string())?;
        tables.push(store.rate_table(&rec.rate_table).await.map_err(|e| e.to_string())?);
        creditors.push(rec);
    }
    // Hashing a million codes with argon2 would take hours: the sample letters get codes of their own
    // (printed below), every other letter the hash of one random code that is never shown, so no one
    // can sign in with it.
    let shared_hash = hash_secret(&canonical_code(&generate_code())).map_err(|e| e.to_string())?;
    let step = (claims / SAMPLE_LETTERS).max(1);
    let mut samples = Vec::new();
    for index in (0..claims).step_by(step as usize).take(SAMPLE_LETTERS as usize) {
        let code = generate_code();
        let hash = hash_secret(&canonical_code(&code)).map_err(|e| e.to_string())?;
        samples.push((index, code, hash));
    }
    let setting = Setting { today, creditor_ids: creditors.iter().map(|c| c.id.clone()).collect(), tables, samples };
    let codes = LoadCodes { shared_hash: &shared_hash, expires_at: store.clock().now() + code_lifetime_days * 86_400 };

    // The generator works on its own thread while the database writes the batch before.
    let (send, mut receive) = tokio::sync::mpsc::channel(2);
    let generator = std::thread::spawn(move || {
        let mut g = Generator::default();
        let mut from = 0;
        while from < claims {
            let to = (from + BATCH).min(claims);
            let batch = g.batch(&setting, from, to);
            let failed = batch.is_err();
            if send.blocking_send(batch).is_err() || failed {
                break;
            }
            from = to;
        }
        setting
    });
    let mut rows = 0;
    let mut pending = Vec::new();
    while let Some(batch) = receive.recv().await {
        let (batch, follow) = batch?;
        rows += store.insert_load_batch(batch, &codes).await.map_err(|e| e.to_string())?;
        pending.extend(follow);
    }
    let setting = generator.join().map_err(|_| "the generator stopped".to_string())?;
    eprintln!("seed-load: {claims} claims and {rows} rows written in {:.1} s", started.elapsed().as_secs_f64());
    let follow_ups = pending.len();
    rows += follow_ups::apply(store, &creditors, &setting, pending).await?;
    eprintln!("seed-load: {follow_ups} plans, proposals and disputes after {:.1} s", started.elapsed().as_secs_f64());
    let staff = add_staff(store, &creditors).await?;
    rows += staff.len() as u64 + CREDITORS.len() as u64;
    let detail = serde_json::json!({ "claims": claims, "as_of": today });
    store
        .audit(ActorKind::System, None, AuditAction::LoadDataLoaded, None, &detail)
        .await
        .map_err(|e| e.to_string())?;
    let mut letters = Vec::new();
    for (index, code, _) in &setting.samples {
        let case = case_number(*index);
        let rec =
            store.claim_by_case_number(&case).await.map_err(|e| e.to_string())?.ok_or("a sample letter vanished")?;
        let c = creditors.iter().position(|c| c.id == rec.creditor_id).ok_or("a sample letter has no creditor")?;
        letters.push(SampleSignIn {
            payment_reference: reference(creditors[c].reference_scheme, &rec.reference_base)
                .map_err(|e| e.to_string())?,
            case_number: case,
            access_code: code.clone(),
            creditor: CREDITORS[c].name,
            status: rec.status.as_str().to_owned(),
        });
    }
    Ok(Loaded { claims, rows, letters, staff })
}

/// An agent and an administrator for each creditor, each with a new random password (printed once,
/// hashed once).
async fn add_staff(store: &Store, creditors: &[CreditorRecord]) -> Result<Vec<StaffSignIn>, String> {
    let mut staff = Vec::new();
    for (c, rec) in CREDITORS.iter().zip(creditors) {
        for (role, who, name) in [(StaffRole::Agent, "agent", "Load Agent"), (StaffRole::Admin, "admin", "Load Admin")]
        {
            let email = format!("{who}@{}", c.domain);
            let password = format!("load-{}", &new_id()[..16]);
            let hash = hash_secret(&password).map_err(|e| e.to_string())?;
            let user = NewStaffUser {
                creditor_id: &rec.id,
                email: &email,
                name,
                role,
                password_hash: &hash,
                must_change_password: false,
            };
            store.insert_staff_user(user).await.map_err(|e| e.to_string())?;
            staff.push(StaffSignIn { creditor: c.name, role, email, password });
        }
    }
    Ok(staff)
}

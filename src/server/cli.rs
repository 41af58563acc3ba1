//! `debtor-portal [serve|migrate|daily|seed-demo|calc|statement|claim-case|reissue-code|import-claims|rates|retention|help]`.

use std::io::Read;
use std::process::ExitCode;

use leptos::config::get_configuration;

use super::clock::Clock;
use super::config::Config;
use super::demo;
use super::http::{router, shutdown_signal, AppState};
use super::store::Store;

const USAGE: &str = "\
usage: debtor-portal [COMMAND]

commands:
  serve       run the portal (the default)
  migrate     create or update the database schema (as MIGRATION_DATABASE_URL's role when
              set), grant RUNTIME_ROLE its rights (PostgreSQL), then exit
  audit verify
              check the audit log's hash chain; exit 1 naming the first broken line
  daily       run the daily job once (plans in arrears, plans that lapse) and print what it
              changed as JSON; running it again the same day changes nothing
  seed-demo   load the demo data into an empty database and print how to sign in
  calc        read one case (JSON) on stdin, print the result JSON on stdout
              exit 0: result; 1: domain error {\"error\":…,\"message\":…}; 2: not a case
  statement CASE_NUMBER [YYYY-MM-DD]
              print the engine's statement of a stored claim as of today (or the date given)
  claim-case CASE_NUMBER
              print a stored claim as a `calc` case (op statement, as of today): add a plan
              and set op to plan to have `calc` compute what the plan page shows
  reissue-code CASE_NUMBER
              give the letter a new access code, print it once, and revoke the old one
  import-claims ORG_NUMBER FILE.csv
              import the creditor's claims from a CSV file (columns: README.md), all or
              nothing; print the letters (case number, access code, payment reference) as
              CSV once, or each problem with its line number and exit 1
  rates list  print the reference-rate tables (se-reference, no-forsinkelsesrente); warn on
              standard error when the current half-year has no rate yet
  rates add SE|NO FROM_DATE RATE
              publish a half-year's rate (FROM_DATE 1 January or 1 July, RATE in percent);
              a half-year that has its rate already is refused
  retention run
              delete what the debtor sent once its stated retention has run out (hardship
              statements, dispute evidence), ended sessions and old idempotency records;
              each deletion audited; print what was deleted as JSON
  help        show this text

configuration comes from the environment: LISTEN_ADDR, PUBLIC_URL, DATABASE_URL, DATA_DIR,
SECRET_KEY, TRUSTED_PROXIES, SIGN_IN_CONCURRENCY, CONCURRENCY_LIMIT, REQUEST_TIMEOUT_SECS,
CODE_LIFETIME_DAYS, BODY_LIMIT_BYTES, CONNECTIONS_PER_CLIENT, HTTP2_CLEARTEXT, MIGRATION_DATABASE_URL,
RUNTIME_ROLE, RUST_LOG (see README.md)";

pub fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str).unwrap_or("serve") {
        "calc" => calc(),
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        cmd @ ("serve" | "migrate" | "audit" | "daily" | "seed-demo" | "statement" | "claim-case" | "reissue-code"
        | "import-claims" | "rates" | "retention") => {
            init_logging();
            let rt = match tokio::runtime::Runtime::new() {
                Ok(rt) => rt,
                Err(e) => return fail(&format!("cannot start the async runtime: {e}")),
            };
            let result = rt.block_on(async {
                match cmd {
                    "serve" => serve().await,
                    "migrate" => migrate().await,
                    "audit" => audit(&args[1..]).await,
                    "daily" => daily().await,
                    "statement" => print_statement(&args[1..]).await,
                    "claim-case" => print_claim_case(&args[1..]).await,
                    "reissue-code" => reissue_code(&args[1..]).await,
                    "import-claims" => import_claims(&args[1..]).await,
                    "rates" => rates(&args[1..]).await,
                    "retention" => retention(&args[1..]).await,
                    _ => seed_demo().await,
                }
            });
            match result {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => fail(&e),
            }
        }
        other => {
            eprintln!("unknown command {other:?}\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn fail(msg: &str) -> ExitCode {
    tracing::error!("{msg}");
    eprintln!("error: {msg}");
    ExitCode::FAILURE
}

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).try_init();
}

/// The system's clock, unless `FIXED_CLOCK` stops it for a test.
fn clock_for(config: &Config) -> Clock {
    match config.fixed_clock {
        Some(at) => {
            tracing::warn!(at, "FIXED_CLOCK is set: the clock stands still (for tests only)");
            Clock::fixed(at)
        }
        None => Clock::system(),
    }
}

/// The store every command but `migrate` uses: migrated first when one role does everything
/// (SQLite, or PostgreSQL without `MIGRATION_DATABASE_URL`), else checked to be current.
async fn open_store(config: &Config, clock: &Clock) -> Result<Store, String> {
    let store = Store::connect(&config.database_url).await.map_err(|e| e.to_string())?.with_clock(clock.clone());
    if config.migration_database_url.is_none() {
        store.migrate().await.map_err(|e| e.to_string())?;
    } else if !store.schema_is_current().await.map_err(|e| e.to_string())? {
        return Err("the database schema is older than this build: run `debtor-portal migrate` first".into());
    }
    Ok(store)
}

async fn migrate() -> Result<(), String> {
    let config = Config::from_env().map_err(|e| e.to_string())?;
    let url = config.migration_database_url.as_deref().unwrap_or(&config.database_url);
    let store = Store::connect(url).await.map_err(|e| e.to_string())?;
    store.migrate().await.map_err(|e| e.to_string())?;
    if let Some(role) = &config.runtime_role {
        store.grant_runtime_role(role).await.map_err(|e| e.to_string())?;
        println!("runtime role {role} may read and write rows, and only append to the audit log");
    }
    println!("database is up to date");
    Ok(())
}

/// `retention run`: the same run as the daily job's, at the application's clock.
async fn retention(args: &[String]) -> Result<(), String> {
    if args.first().map(String::as_str) != Some("run") {
        return Err("usage: debtor-portal retention run".into());
    }
    let config = Config::from_env().map_err(|e| e.to_string())?;
    let clock = clock_for(&config);
    let store = open_store(&config, &clock).await?;
    let report = super::retention::run(&store, clock.now()).await.map_err(|e| e.to_string())?;
    println!("{}", serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?);
    Ok(())
}

/// `audit verify`: the hash chain, line by line.
async fn audit(args: &[String]) -> Result<(), String> {
    use super::store::ChainReport;
    if args.first().map(String::as_str) != Some("verify") {
        return Err("usage: debtor-portal audit verify".into());
    }
    let config = Config::from_env().map_err(|e| e.to_string())?;
    let store = open_store(&config, &clock_for(&config)).await?;
    match store.verify_audit_chain().await.map_err(|e| e.to_string())? {
        ChainReport::Intact { chained, unchained } => {
            println!("audit log intact: {chained} lines chained ({unchained} written before the chain began)");
            Ok(())
        }
        ChainReport::Broken { id, why } => Err(format!("audit log broken at line {id}: {why}")),
    }
}

/// The stored claim with this case number as the engine takes it, with its creditor.
async fn engine_inputs_of(
    config: &Config,
    clock: &Clock,
    case: &str,
) -> Result<(super::store::CreditorRecord, crate::domain::interest::RateTable, crate::domain::claim::Claim), String> {
    let store = open_store(config, clock).await?;
    let rec = store
        .claim_by_case_number(&super::auth::canonical_case(case))
        .await
        .map_err(|e| e.to_string())?
        .ok_or(format!("no claim with case number {case}"))?;
    store.engine_inputs(&rec).await.map_err(|e| e.to_string())
}

/// What the portal shows a debtor for one claim, as JSON: for operations staff answering a question
/// about an amount, and for the browser tests that compare the page with it.
async fn print_statement(args: &[String]) -> Result<(), String> {
    let case = args.first().ok_or("usage: debtor-portal statement CASE_NUMBER [YYYY-MM-DD]")?;
    let config = Config::from_env().map_err(|e| e.to_string())?;
    let clock = clock_for(&config);
    let (creditor, table, claim) = engine_inputs_of(&config, &clock, case).await?;
    let as_of = match args.get(1) {
        Some(d) => d.parse().map_err(|_| format!("{d:?} is not a date (YYYY-MM-DD)"))?,
        None => clock.today_in(creditor.country),
    };
    if matches!(claim.interest(), crate::domain::interest::InterestTerms::Statutory { .. }) {
        warn_missing_rate(&creditor.rate_table, &table, clock.today_in(creditor.country));
    }
    let st = crate::domain::statement::statement(&claim, &table, as_of).map_err(|e| e.to_json().to_string())?;
    println!("{}", serde_json::to_string_pretty(&st).map_err(|e| e.to_string())?);
    Ok(())
}

async fn daily() -> Result<(), String> {
    let config = Config::from_env().map_err(|e| e.to_string())?;
    let clock = clock_for(&config);
    let store = open_store(&config, &clock).await?;
    let report = super::daily_job::run_once(&store, &clock).await.map_err(|e| e.message)?;
    println!("{}", serde_json::to_string(&report).map_err(|e| e.to_string())?);
    Ok(())
}

/// One line on standard error when `table` has no rate for the half-year `today` is in.
fn warn_missing_rate(name: &str, table: &crate::domain::interest::RateTable, today: chrono::NaiveDate) {
    if let Some(from) = crate::domain::rate_publication::missing_half_year(table, today) {
        eprintln!(
            "warning: {name} has no rate for the half-year from {from}; the latest rate is carried forward \
             (publish it with `debtor-portal rates add`)"
        );
    }
}

/// `rates list` and `rates add SE|NO FROM_DATE RATE`.
async fn rates(args: &[String]) -> Result<(), String> {
    use super::store::ActorKind;
    use crate::domain::rate_publication::{new_rate, rate_table_name};
    use crate::domain::Country;
    const USAGE: &str = "usage: debtor-portal rates list | rates add SE|NO FROM_DATE RATE";
    let config = Config::from_env().map_err(|e| e.to_string())?;
    let clock = clock_for(&config);
    match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["list"] => {
            let store = open_store(&config, &clock).await?;
            for country in [Country::Se, Country::No] {
                let name = rate_table_name(country);
                let table = store.rate_table(name).await.map_err(|e| e.to_string())?;
                for e in table.entries() {
                    println!("{name}\t{}\t{:.2}", e.from, e.rate);
                }
                warn_missing_rate(name, &table, clock.today_in(country));
            }
            Ok(())
        }
        ["add", country, from, rate] => {
            let country: Country =
                country.to_uppercase().parse().map_err(|_| format!("{country:?} is not SE or NO\n{USAGE}"))?;
            let store = open_store(&config, &clock).await?;
            let name = rate_table_name(country);
            let table = store.rate_table(name).await.map_err(|e| e.to_string())?;
            let entry = new_rate(&table, from, rate).map_err(|e| format!("{name}: {e}; nothing was changed"))?;
            match store.publish_rate(name, entry, (ActorKind::System, None)).await.map_err(|e| e.to_string())? {
                Some(e) => {
                    println!("{name}: {:.2} % from {}", e.rate, e.from);
                    Ok(())
                }
                None => Err(format!("{name}: {}; nothing was changed", crate::domain::InputError::RateExists)),
            }
        }
        _ => Err(USAGE.into()),
    }
}

/// The claim and its rate table exactly as the engine gets them, in `calc`'s input format: the
/// browser tests compare the plan page with `calc` on this.
async fn print_claim_case(args: &[String]) -> Result<(), String> {
    let case = args.first().ok_or("usage: debtor-portal claim-case CASE_NUMBER")?;
    let config = Config::from_env().map_err(|e| e.to_string())?;
    let clock = clock_for(&config);
    let (creditor, table, claim) = engine_inputs_of(&config, &clock, case).await?;
    let case = serde_json::json!({
        "op": "statement",
        "as_of": clock.today_in(creditor.country),
        "claim": claim,
        "reference_rates": table,
        // The fee a plan of two installments or more would carry on this claim (none when it bears one).
        "plan_fee": creditor.policy.plan_fee_for(&claim),
    });
    println!("{}", serde_json::to_string_pretty(&case).map_err(|e| e.to_string())?);
    Ok(())
}

/// For a debtor whose letter was lost or whose code leaked: the new code is shown once and never
/// stored in clear; the old one stops working at once.
async fn reissue_code(args: &[String]) -> Result<(), String> {
    use super::auth::{canonical_case, canonical_code, generate_code, hash_secret};
    use super::store::{ActorKind, AuditAction};
    let case = args.first().map(|c| canonical_case(c)).ok_or("usage: debtor-portal reissue-code CASE_NUMBER")?;
    let config = Config::from_env().map_err(|e| e.to_string())?;
    let clock = clock_for(&config);
    let store = open_store(&config, &clock).await?;
    let claim = store
        .claim_by_case_number(&case)
        .await
        .map_err(|e| e.to_string())?
        .ok_or(format!("no claim with case number {case}"))?;
    let code = generate_code();
    let hash = hash_secret(&canonical_code(&code)).map_err(|e| e.to_string())?;
    let expires_at = clock.now() + config.code_lifetime_days * 24 * 60 * 60;
    store.replace_access_code(&claim.id, &hash, expires_at).await.map_err(|e| e.to_string())?;
    let detail = serde_json::json!({ "case_number": case, "expires_at": expires_at });
    store
        .audit(ActorKind::System, None, AuditAction::AccessCodeReissued, Some(&claim.id), &detail)
        .await
        .map_err(|e| e.to_string())?;
    let until = chrono::DateTime::from_timestamp(expires_at, 0).map(|t| t.date_naive().to_string()).unwrap_or_default();
    println!("case {case}: new access code {code}");
    println!("valid until {until}; the previous code no longer works. This code is not shown again.");
    Ok(())
}

/// A creditor's file of claims, as the import page takes it; the letters go to standard output.
async fn import_claims(args: &[String]) -> Result<(), String> {
    use super::staff::import::{import_file, ImportFailed};
    use super::store::ActorKind;
    let [org_number, path] = args else { return Err("usage: debtor-portal import-claims ORG_NUMBER FILE.csv".into()) };
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    let config = Config::from_env().map_err(|e| e.to_string())?;
    let clock = clock_for(&config);
    let store = open_store(&config, &clock).await?;
    let creditors = store.creditors().await.map_err(|e| e.to_string())?;
    let creditor = creditors
        .into_iter()
        .find(|c| c.org_number == *org_number)
        .ok_or(format!("no creditor with organisation number {org_number}"))?;
    match import_file(&store, &creditor, &bytes, (ActorKind::System, None), config.code_lifetime_days).await {
        Ok(csv) => {
            print!("{csv}");
            Ok(())
        }
        Err(ImportFailed::Problems(problems)) => {
            let lines: Vec<String> = problems
                .iter()
                .map(|p| {
                    let law = p.limit.map(|l| match l.cap {
                        Some(cap) => format!(" (above the cap {cap}: {})", l.describe()),
                        None => format!(" ({})", l.describe()),
                    });
                    let law = law.unwrap_or_default();
                    match &p.column {
                        Some(c) => format!("line {}, {c}: {}{law}", p.line, p.code),
                        None => format!("line {}: {}{law}", p.line, p.code),
                    }
                })
                .collect();
            Err(format!("nothing was imported:\n{}", lines.join("\n")))
        }
        Err(ImportFailed::Error(e)) => Err(e.to_string()),
    }
}

async fn seed_demo() -> Result<(), String> {
    let config = Config::from_env().map_err(|e| e.to_string())?;
    let clock = clock_for(&config);
    let store = open_store(&config, &clock).await?;
    // The demo's dates count back from one day for claims of both countries; Stockholm's day, which
    // is Oslo's too (the two keep the same offset all year).
    if demo::seed(&store, clock.today_in(crate::domain::Country::Se)).await.map_err(|e| e.to_string())? {
        println!("demo data loaded");
    } else {
        println!("the database already holds data; nothing was loaded");
    }
    print_demo_logins();
    Ok(())
}

/// What the run command shows so a newcomer can sign in at once.
pub fn print_demo_logins() {
    println!("\nDemo debtors sign in with the case number and access code from their letter:");
    for l in demo::logins() {
        println!("  {:<16} case {}  code {}   {}", l.debtor, l.case_number, l.access_code, l.what);
    }
    println!("\nDemo creditor staff sign in at /staff:");
    for s in demo::STAFF {
        let creditor = demo::creditor_name(s.creditor);
        println!("  {:<24} {:<5} {:<30} password {}", creditor, s.role.as_str(), s.email, s.password);
    }
}

async fn serve() -> Result<(), String> {
    let config = Config::from_env().map_err(|e| e.to_string())?;
    // Cargo.toml's leptos metadata when run from the source tree, LEPTOS_* variables otherwise.
    let manifest = std::path::Path::new("Cargo.toml").exists().then_some("Cargo.toml");
    let leptos_options = get_configuration(manifest).map_err(|e| e.to_string())?.leptos_options;
    let clock = clock_for(&config);
    let store = open_store(&config, &clock).await?;
    let addr = config.listen.unwrap_or(leptos_options.site_addr);
    let limits = super::serve::ConnectionLimits::of(&config);
    let state = AppState::new(leptos_options, store.clone(), config, clock);
    let housekeeping = tokio::spawn(super::housekeeping::run(state.clone()));
    let daily = tokio::spawn(super::daily_job::run(state.store.clone(), state.clock.clone()));
    let app = router(state);
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    tracing::info!("listening on http://{addr}");
    super::serve::serve_with(listener, app, limits, shutdown_signal()).await.map_err(|e| e.to_string())?;
    housekeeping.abort();
    daily.abort();
    store.close().await;
    Ok(())
}

/// Operations staff run single cases by hand; see README "Checking a case with calc".
fn calc() -> ExitCode {
    let mut input = Vec::new();
    if let Err(e) = std::io::stdin().read_to_end(&mut input) {
        eprintln!("cannot read stdin: {e}");
        return ExitCode::from(2);
    }
    let out = crate::domain::calc::calc(&input);
    if !out.stdout.is_empty() {
        println!("{}", out.stdout);
    }
    if !out.stderr.is_empty() {
        eprintln!("{}", out.stderr);
    }
    ExitCode::from(out.exit_code)
}

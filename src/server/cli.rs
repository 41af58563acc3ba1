//! `debtor-portal [COMMAND]`: the commands, their arguments and help are the `Cli` declaration below
//! (clap); the environment's variables are `config::VARIABLES`. `debtor-portal help` prints both.

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use leptos::config::get_configuration;

use super::clock::Clock;
use super::config::{Config, VARIABLES};
use super::demo;
use super::http::{drain_then_stop, router, AppState};
use super::store::Store;

/// Debtor self-service portal for debt collection in Sweden and Norway: the web server, and the
/// commands operations staff run beside it.
#[derive(Parser)]
#[command(name = "debtor-portal")]
struct Cli {
    // `serve` when none is given.
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the portal (the default)
    Serve,
    /// Create or update the database schema (as MIGRATION_DATABASE_URL's role when set), grant
    /// RUNTIME_ROLE its rights (PostgreSQL), then exit
    Migrate,
    /// The audit log
    #[command(override_usage = "debtor-portal audit verify")]
    Audit {
        #[command(subcommand)]
        action: AuditCommand,
    },
    /// Run the daily job once (retention, plans in arrears, plans that lapse) and print what it changed as JSON;
    /// running it again the same day changes nothing
    Daily,
    /// Load the demo data into an empty database and print how to sign in
    SeedDemo,
    /// Copy the SQLite database, online and consistent while the portal runs, into FILE (a new file,
    /// readable by its owner only; an existing one is never overwritten). On PostgreSQL use pg_dump
    /// (README.md, "Backups")
    Backup { file: PathBuf },
    /// Load N generated claims (same N, same day: same data) into an empty database for measuring,
    /// and print how to sign in. Only the printed sample of letters has a known access code: every
    /// other letter has the hash of one random code nobody knows (hashing a million is too slow)
    SeedLoad {
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=9_999_999))]
        claims: u64,
    },
    /// Print the database's plans for the staff work queue's pages and the API's lists, for the
    /// creditor with the most proposals waiting: each should read its index, at any size
    ExplainLists,
    /// Read one case (JSON) on stdin, print the result JSON on stdout. Exit 0: the result; 1: a domain
    /// error {"error":…,"message":…}; 2: not a case
    Calc,
    /// Print the engine's statement of a stored claim as of today (or the date given)
    Statement {
        case_number: String,
        #[arg(value_name = "YYYY-MM-DD")]
        as_of: Option<String>,
    },
    /// Print a stored claim as a `calc` case (op statement, as of today): add a plan and set op to
    /// plan to have `calc` compute what the plan page shows
    ClaimCase { case_number: String },
    /// Give the letter a new access code, print it once, and revoke the old one
    ReissueCode { case_number: String },
    /// Import the creditor's claims from a CSV file (columns: README.md), all or nothing; print the
    /// letters (case number, access code, payment reference) as CSV once, or each problem with its
    /// line and exit 1
    ImportClaims {
        org_number: String,
        #[arg(value_name = "FILE.csv")]
        file: PathBuf,
    },
    /// The reference-rate tables (se-reference, no-forsinkelsesrente)
    #[command(override_usage = "debtor-portal rates list | rates add SE|NO FROM_DATE RATE")]
    Rates {
        #[command(subcommand)]
        action: RatesCommand,
    },
    /// Deletion of what the debtor sent once its retention has run out
    #[command(override_usage = "debtor-portal retention run")]
    Retention {
        #[command(subcommand)]
        action: RetentionCommand,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Check the audit log's hash chain; exit 1 naming the first broken line
    Verify,
}

#[derive(Subcommand)]
enum RatesCommand {
    /// Print the tables; warn on standard error when the current half-year has no rate yet
    List,
    /// Publish a half-year's rate (FROM_DATE 1 January or 1 July, RATE in percent); a half-year that
    /// has its rate already is refused
    Add {
        #[arg(value_name = "SE|NO")]
        country: String,
        from_date: String,
        #[arg(allow_negative_numbers = true)]
        rate: String,
    },
}

#[derive(Subcommand)]
enum RetentionCommand {
    /// Delete what the debtor sent once its stated retention has run out (hardship statements,
    /// dispute evidence), ended sessions and old idempotency records; each deletion audited; print
    /// what was deleted as JSON
    Run,
}

/// The help's last part: every variable of `config::VARIABLES`, one a line.
fn environment_help() -> String {
    let width = VARIABLES.iter().map(|v| v.name.len()).max().unwrap_or(0);
    let lines: Vec<String> = VARIABLES.iter().map(|v| format!("  {:<width$}  {}", v.name, v.what)).collect();
    format!("Configuration comes from the environment (README.md, \"Configuration\"):\n{}", lines.join("\n"))
}

pub fn main() -> ExitCode {
    let mut cli = Cli::command().after_help(environment_help());
    let parsed = cli.try_get_matches_from_mut(std::env::args_os()).and_then(|m| Cli::from_arg_matches(&m));
    let command = match parsed {
        Ok(parsed) => parsed.command.unwrap_or(Command::Serve),
        Err(e) => {
            let first = std::env::args_os().nth(1).and_then(|a| a.into_string().ok());
            let known = first.is_some_and(|c| cli.find_subcommand(&c).is_some());
            return usage_error(&e, known);
        }
    };
    if let Command::Calc = command {
        return calc();
    }
    init_logging();
    let rt = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => return fail(&format!("cannot start the async runtime: {e}")),
    };
    let result = rt.block_on(async {
        match command {
            Command::Serve => serve().await,
            Command::Migrate => migrate().await,
            Command::Audit { action: AuditCommand::Verify } => audit_verify().await,
            Command::Daily => daily().await,
            Command::SeedDemo => seed_demo().await,
            Command::Backup { file } => super::backup::run(&file).await,
            Command::SeedLoad { claims } => {
                let config = Config::from_env().map_err(|e| e.to_string())?;
                let store = open_store(&config, &clock_for(&config)).await?;
                super::seed_load::command(store, &config, claims).await
            }
            Command::ExplainLists => {
                let config = Config::from_env().map_err(|e| e.to_string())?;
                let clock = clock_for(&config);
                let store = open_store(&config, &clock).await?;
                super::explain_lists::run(&store, &clock).await
            }
            Command::Calc => unreachable!("calc runs without the runtime"),
            Command::Statement { case_number, as_of } => print_statement(&case_number, as_of.as_deref()).await,
            Command::ClaimCase { case_number } => print_claim_case(&case_number).await,
            Command::ReissueCode { case_number } => reissue_code(&case_number).await,
            Command::ImportClaims { org_number, file } => import_claims(&org_number, &file).await,
            Command::Rates { action } => rates(action).await,
            Command::Retention { action: RetentionCommand::Run } => retention_run().await,
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&e),
    }
}

/// clap's message, with the exit codes the commands had when they read their arguments by hand:
/// 0 for the help asked for, 2 for a command that does not exist, 1 for a command given the wrong
/// arguments (`known`). The usage line keeps its lower-case `usage:`, which scripts match.
fn usage_error(e: &clap::Error, known: bool) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        let _ = e.print();
        return ExitCode::SUCCESS;
    }
    eprint!("{}", e.render().to_string().replacen("Usage:", "usage:", 1));
    ExitCode::from(if known { 1 } else { 2 })
}

fn fail(msg: &str) -> ExitCode {
    tracing::error!("{msg}");
    eprintln!("error: {msg}");
    ExitCode::FAILURE
}

/// Logs to standard error, as text or, with `LOG_FORMAT=json`, one JSON object a line (with the
/// request's span, and so its `request_id`, in each).
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    let _ = match std::env::var("LOG_FORMAT").as_deref() {
        Ok("json") => builder.json().with_current_span(true).with_span_list(false).try_init(),
        _ => builder.try_init(),
    };
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
async fn retention_run() -> Result<(), String> {
    let config = Config::from_env().map_err(|e| e.to_string())?;
    let clock = clock_for(&config);
    let store = open_store(&config, &clock).await?;
    let report = super::retention::run(&store, clock.now()).await.map_err(|e| e.to_string())?;
    println!("{}", serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?);
    Ok(())
}

/// `audit verify`: the hash chain, line by line.
async fn audit_verify() -> Result<(), String> {
    use super::store::ChainReport;
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
async fn print_statement(case: &str, as_of: Option<&str>) -> Result<(), String> {
    let config = Config::from_env().map_err(|e| e.to_string())?;
    let clock = clock_for(&config);
    let (creditor, table, claim) = engine_inputs_of(&config, &clock, case).await?;
    let as_of = match as_of {
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
async fn rates(action: RatesCommand) -> Result<(), String> {
    use super::store::ActorKind;
    use crate::domain::rate_publication::{new_rate, rate_table_name};
    use crate::domain::Country;
    let config = Config::from_env().map_err(|e| e.to_string())?;
    let clock = clock_for(&config);
    match action {
        RatesCommand::List => {
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
        RatesCommand::Add { country, from_date, rate } => {
            let country: Country = country.to_uppercase().parse().map_err(|_| {
                format!("{country:?} is not SE or NO\nusage: debtor-portal rates add SE|NO FROM_DATE RATE")
            })?;
            let store = open_store(&config, &clock).await?;
            let name = rate_table_name(country);
            let table = store.rate_table(name).await.map_err(|e| e.to_string())?;
            let entry = new_rate(&table, &from_date, &rate).map_err(|e| format!("{name}: {e}; nothing was changed"))?;
            match store.publish_rate(name, entry, (ActorKind::System, None)).await.map_err(|e| e.to_string())? {
                Some(e) => {
                    println!("{name}: {:.2} % from {}", e.rate, e.from);
                    Ok(())
                }
                None => Err(format!("{name}: {}; nothing was changed", crate::domain::InputError::RateExists)),
            }
        }
    }
}

/// The claim and its rate table exactly as the engine gets them, in `calc`'s input format: the
/// browser tests compare the plan page with `calc` on this.
async fn print_claim_case(case: &str) -> Result<(), String> {
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
async fn reissue_code(case: &str) -> Result<(), String> {
    use super::auth::{canonical_case, canonical_code, generate_code, hash_secret};
    use super::store::{ActorKind, AuditAction};
    let case = canonical_case(case);
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
        .audit(ActorKind::System, None, AuditAction::AccessCodeReissued, Some(claim.id.as_str()), &detail)
        .await
        .map_err(|e| e.to_string())?;
    let until = expires_at.utc().date_naive().to_string();
    println!("case {case}: new access code {code}");
    println!("valid until {until}; the previous code no longer works. This code is not shown again.");
    Ok(())
}

/// A creditor's file of claims, as the import page takes it; the letters go to standard output.
async fn import_claims(org_number: &str, path: &std::path::Path) -> Result<(), String> {
    use super::staff::import::{import_file, ImportFailed};
    use super::store::ActorKind;
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let config = Config::from_env().map_err(|e| e.to_string())?;
    let clock = clock_for(&config);
    let store = open_store(&config, &clock).await?;
    let creditors = store.creditors().await.map_err(|e| e.to_string())?;
    let creditor = creditors
        .into_iter()
        .find(|c| c.org_number == org_number)
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
                    match (&p.column, p.character) {
                        (_, Some(character)) => format!("line {}, character {character}: {}", p.line, p.code),
                        (Some(c), None) => format!("line {}, {c}: {}{law}", p.line, p.code),
                        (None, None) => format!("line {}: {}{law}", p.line, p.code),
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
    let metrics = match state.config.metrics_addr {
        Some(at) => {
            let listener = super::metrics::bind(at).await?;
            tracing::info!("metrics on http://{at}/metrics");
            Some(tokio::spawn(super::metrics::serve(listener, super::metrics::install()?, state.clone())))
        }
        None => None,
    };
    let (draining, drain) = (state.draining.clone(), std::time::Duration::from_secs(state.config.drain_secs));
    let app = router(state);
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    tracing::info!("listening on http://{addr}");
    let stop = drain_then_stop(draining, drain);
    super::serve::serve_with(listener, app, limits, stop).await.map_err(|e| e.to_string())?;
    housekeeping.abort();
    daily.abort();
    if let Some(m) = metrics {
        m.abort();
    }
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

//! The binary's subcommands, run as operations staff would run them.
#![cfg(feature = "ssr")]

use debtor_portal::server::clock::Instant;
use std::io::Write;
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_debtor-portal");

fn calc(input: &str) -> (i32, String, String) {
    let mut child = Command::new(BIN)
        .arg("calc")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    (out.status.code().unwrap(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

fn golden_input(name: &str) -> String {
    let text = std::fs::read_to_string(format!("{}/tests/golden/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    v["input"].to_string()
}

#[test]
fn calc_prints_the_result_and_exits_0() {
    let (code, out, _) = calc(&golden_input("se-statement-basic.json"));
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["total_outstanding"], "10490.96");
}

#[test]
fn calc_domain_error_exits_1_with_code_and_message() {
    let (code, out, _) = calc(&golden_input("duplicate-rate-date.json"));
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["error"], "invalid_interest");
    assert!(!v["message"].as_str().unwrap().is_empty());
}

#[test]
fn calc_refuses_what_is_not_a_case_with_exit_2() {
    for bad in ["", "not json", r#"{"op":"dance"}"#, r#"{"op":"reference","scheme":"se-ocr"}"#] {
        let (code, out, err) = calc(bad);
        assert_eq!(code, 2, "{bad}");
        assert!(out.is_empty(), "nothing on stdout for {bad:?}");
        assert!(err.contains("not a case"), "{err}");
    }
}

#[test]
fn migrate_and_seed_demo_on_a_fresh_data_dir() {
    let dir = tempfile::tempdir().unwrap();
    let run = |cmd: &str| {
        Command::new(BIN)
            .arg(cmd)
            .env("DATA_DIR", dir.path())
            .env_remove("DATABASE_URL")
            .env_remove("SECRET_KEY")
            .output()
            .unwrap()
    };
    let m = run("migrate");
    assert!(m.status.success(), "{}", String::from_utf8_lossy(&m.stderr));
    assert!(dir.path().join("portal.db").exists());
    assert!(dir.path().join("secret.key").exists());
    let first = run("seed-demo");
    assert!(first.status.success());
    let out = String::from_utf8(first.stdout).unwrap();
    assert!(out.contains("demo data loaded") && out.contains("40010001") && out.contains("K7QM-4TXP"), "{out}");
    let again = String::from_utf8(run("seed-demo").stdout).unwrap();
    assert!(again.contains("nothing was loaded"));
}

#[test]
fn unknown_command_is_a_usage_error() {
    let out = Command::new(BIN).arg("frobnicate").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("usage"));
}

/// The help names every command and every variable the portal reads, from the one declaration of
/// each (`cli::Cli`, `config::VARIABLES`); `-h`, `--help` and `help` all print it and exit 0.
#[test]
fn help_names_every_command_and_variable() {
    for flag in ["help", "--help", "-h"] {
        let out = Command::new(BIN).arg(flag).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{flag}");
        let help = String::from_utf8(out.stdout).unwrap();
        for command in [
            "serve",
            "migrate",
            "audit",
            "daily",
            "seed-demo",
            "calc",
            "statement",
            "claim-case",
            "reissue-code",
            "import-claims",
            "rates",
            "retention",
        ] {
            assert!(help.contains(&format!("\n  {command} ")), "{flag}: {command} missing from {help}");
        }
        for v in debtor_portal::server::config::VARIABLES {
            assert!(help.contains(&format!("\n  {} ", v.name)), "{flag}: {} missing from {help}", v.name);
        }
    }
    let out = Command::new(BIN).args(["help", "rates"]).output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(help.contains("debtor-portal rates list") && help.contains("add"), "{help}");
}

/// A known command given the wrong arguments exits 1 with its usage (an unknown one 2, above);
/// nothing runs.
#[test]
fn wrong_arguments_are_a_usage_error_of_their_command() {
    for (args, usage) in [
        (&["statement"][..], "usage: debtor-portal statement <CASE_NUMBER> [YYYY-MM-DD]"),
        (&["import-claims", "556677-1234"][..], "usage: debtor-portal import-claims <ORG_NUMBER> <FILE.csv>"),
        (&["audit", "check"][..], "usage: debtor-portal audit verify"),
        (&["migrate", "now"][..], "usage: debtor-portal migrate"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let out = Command::new(BIN).args(args).env("DATA_DIR", dir.path()).env_remove("DATABASE_URL").output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains(usage) && out.stdout.is_empty(), "{args:?}: {err}");
    }
}

/// A negative rate is a value, not an option: `rates add` takes it.
#[test]
fn a_negative_rate_is_published() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(BIN)
        .args(["rates", "add", "SE", "2026-07-01", "-0.5"])
        .env("DATA_DIR", dir.path())
        .env("FIXED_CLOCK", "2026-11-23T12:00:00Z")
        .env_remove("DATABASE_URL")
        .env_remove("SECRET_KEY")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "se-reference: -0.50 % from 2026-07-01\n");
}

/// `retention run`: the daily job's run, for operations and tests; prints what it deleted as JSON.
/// On the demo data nothing is due, and a second run finds nothing either.
#[test]
fn retention_run_prints_what_it_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        Command::new(BIN)
            .args(args)
            .env("DATA_DIR", dir.path())
            .env_remove("DATABASE_URL")
            .env_remove("SECRET_KEY")
            .env_remove("FIXED_CLOCK")
            .output()
            .unwrap()
    };
    assert!(run(&["seed-demo"]).status.success());
    for _ in 0..2 {
        let out = run(&["retention", "run"]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["hardships"], 0);
        assert_eq!(v["dispute_documents"], 0);
        assert!(v["sessions"].is_u64() && v["idempotency_records"].is_u64(), "{v}");
    }
    let wrong = run(&["retention"]);
    assert!(!wrong.status.success());
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("usage: debtor-portal retention run"));
}

/// A lost letter: `reissue-code` prints a new code once, the old one stops working, and the new one
/// signs in (checked through the same code path as the sign-in form).
#[test]
fn reissue_code_prints_a_new_code_and_revokes_the_old() {
    use debtor_portal::server::auth::{check_letter, SignInError};
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        Command::new(BIN)
            .args(args)
            .env("DATA_DIR", dir.path())
            .env("CODE_LIFETIME_DAYS", "30")
            .env_remove("DATABASE_URL")
            .env_remove("SECRET_KEY")
            .env_remove("FIXED_CLOCK")
            .output()
            .unwrap()
    };
    assert!(run(&["seed-demo"]).status.success());
    let out = run(&["reissue-code", "4001-0001"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let code = text.split("new access code ").nth(1).unwrap().split_whitespace().next().unwrap().to_owned();
    assert_eq!(code.len(), 14, "{text}");
    assert!(text.contains("no longer works") && text.contains("not shown again"), "{text}");
    let missing = run(&["reissue-code", "49999999"]);
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no claim with case number 49999999"));
    assert!(!run(&["reissue-code"]).status.success(), "the case number is required");

    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let url = format!("sqlite://{}", dir.path().join("portal.db").display());
        let store = debtor_portal::server::store::Store::connect(&url).await.unwrap();
        let permits = debtor_portal::server::auth::HashingSlots::new(2);
        let now = chrono::Utc::now().timestamp();
        let old = check_letter(&store, &permits, "40010001", "K7QM-4TXP", "192.0.2.1", Instant::from_unix(now)).await;
        assert_eq!(old.err(), Some(SignInError::Expired));
        let new =
            check_letter(&store, &permits, "40010001", &code.to_lowercase(), "192.0.2.1", Instant::from_unix(now))
                .await;
        assert_eq!(new.unwrap().case_number, "40010001");
        let codes =
            store.access_codes_of(&store.claim_by_case_number("40010001").await.unwrap().unwrap().id).await.unwrap();
        let days = (codes[0].expires_at - codes[0].issued_at) / 86_400;
        assert_eq!(days, 30, "CODE_LIFETIME_DAYS");
        let log = store.audit_for(codes[0].claim_id.as_str()).await.unwrap();
        assert!(log.iter().any(|e| e.action == debtor_portal::server::store::AuditAction::AccessCodeReissued));
        store.close().await;
    });
}

/// `claim-case` prints a stored claim as `calc` reads it: with a plan added, `calc` gives exactly the
/// schedule the plan page computes for the same choice (the browser tests lean on this).
#[test]
fn claim_case_feeds_calc_the_plan_pages_schedule() {
    use debtor_portal::domain::proposal::{ChosenSize, PlanChoice, PlanInputs};
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        Command::new(BIN)
            .args(args)
            .env("DATA_DIR", dir.path())
            .env("FIXED_CLOCK", "2026-11-23T12:00:00Z")
            .env_remove("DATABASE_URL")
            .env_remove("SECRET_KEY")
            .output()
            .unwrap()
    };
    assert!(run(&["seed-demo"]).status.success());
    let out = run(&["claim-case", "4001-0010"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut case: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(case["as_of"], "2026-11-23");
    case["op"] = "plan".into();
    case["plan"] = serde_json::json!({ "first_due": "2026-12-10", "plan_fee": case["plan_fee"], "installments": 7 });
    let (code, printed, err) = calc(&case.to_string());
    assert_eq!(code, 0, "{err}");
    let from_calc: serde_json::Value = serde_json::from_str(&printed).unwrap();

    let rt = tokio::runtime::Runtime::new().unwrap();
    let page = rt.block_on(async {
        let url = format!("sqlite://{}", dir.path().join("portal.db").display());
        let store = debtor_portal::server::store::Store::connect(&url).await.unwrap();
        let rec = store.claim_by_case_number("40010010").await.unwrap().unwrap();
        let (creditor, table, claim) = store.engine_inputs(&rec).await.unwrap();
        store.close().await;
        let today = "2026-11-23".parse().unwrap();
        let inputs = PlanInputs { claim, table, policy: creditor.policy, today };
        let choice =
            PlanChoice { size: ChosenSize::Installments { count: 7 }, first_due: "2026-12-10".parse().unwrap() };
        inputs.basis().propose(choice).unwrap().plan
    });
    assert_eq!(from_calc, serde_json::to_value(&page).unwrap());
    assert!(!run(&["claim-case"]).status.success(), "the case number is required");
}

#[test]
fn postgres_without_a_shared_secret_key_is_refused_at_start_up() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(BIN)
        .arg("migrate")
        .env("DATA_DIR", dir.path())
        .env("DATABASE_URL", "postgres://portal:hunter2@127.0.0.1:1/portal")
        .env_remove("SECRET_KEY")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("SECRET_KEY is required: with PostgreSQL"), "{err}");
    assert!(!err.contains("hunter2"), "{err}");
}

/// `import-claims`: a valid file prints the letters once; a file with a problem prints each by
/// line on standard error, exits 1 and stores nothing.
#[test]
fn import_claims_prints_the_letters_or_the_problems() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("claims.csv");
    let run = |args: &[&str]| {
        Command::new(BIN)
            .args(args)
            .env("DATA_DIR", dir.path())
            .env_remove("DATABASE_URL")
            .env_remove("SECRET_KEY")
            .env_remove("FIXED_CLOCK")
            .output()
            .unwrap()
    };
    assert!(run(&["seed-demo"]).status.success());
    let path = file.to_str().unwrap();
    std::fs::write(&file, "debtor_name,debtor_address,concerns,original_invoice,principal,due_date\nEva,x,El,F-1,100,2026-01-10\nOlle,y,El,F-2,noll,2026-01-10\n").unwrap();
    let refused = run(&["import-claims", "556677-1234", path]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("line 3, principal: amount_invalid"));
    assert!(refused.stdout.is_empty());
    std::fs::write(
        &file,
        "debtor_name,debtor_address,concerns,original_invoice,principal,due_date\nEva,x,El,F-1,100,2026-01-10\n",
    )
    .unwrap();
    let out = run(&["import-claims", "556677-1234", path]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let letters = String::from_utf8(out.stdout).unwrap();
    assert_eq!(letters.lines().count(), 2, "{letters}");
    assert!(letters.lines().nth(1).unwrap().starts_with('7'));
    let unknown = run(&["import-claims", "000000-0000", path]);
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no creditor with organisation number"));
    assert!(!run(&["import-claims"]).status.success(), "the creditor and the file are required");
}

#[test]
fn rates_are_listed_published_once_per_half_year_and_audited() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let out = Command::new(BIN)
            .args(args)
            .env("DATA_DIR", dir.path())
            .env_remove("DATABASE_URL")
            .env_remove("SECRET_KEY")
            // 2026-11-23 12:00 UTC: the half-year from 2026-07-01, which the migrations hold no rate for.
            .env("FIXED_CLOCK", "2026-11-23T12:00:00Z")
            .output()
            .unwrap();
        let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
        (out.status.code().unwrap(), text(out.stdout), text(out.stderr))
    };
    assert_eq!(run(&["seed-demo"]).0, 0);
    let (code, out, err) = run(&["rates", "list"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("se-reference\t2026-01-01\t2.00\n") && out.contains("no-forsinkelsesrente\t2026-01-01\t12.00\n"),
        "{out}"
    );
    let warning = "warning: se-reference has no rate for the half-year from 2026-07-01";
    assert!(err.contains(warning) && err.contains("no-forsinkelsesrente has no rate"), "{err}");
    let (_, _, err) = run(&["statement", "40010001"]);
    assert!(err.contains(warning), "statement warns too: {err}");

    for (args, says) in [
        (&["rates", "add", "SE", "2026-07-02", "1.75"][..], "se-reference: a rate applies from 1 January or 1 July"),
        (&["rates", "add", "SE", "2026-07-01", "1.755"][..], "se-reference: a rate is a percentage"),
        (
            &["rates", "add", "SE", "2026-01-01", "1.75"][..],
            "se-reference: a rate is published for that half-year already",
        ),
        (&["rates", "add", "DK", "2026-07-01", "1.75"][..], "\"DK\" is not SE or NO"),
        (&["rates", "add", "SE"][..], "usage: debtor-portal rates"),
    ] {
        let (code, out, err) = run(args);
        assert_eq!(code, 1, "{args:?}");
        assert!(err.contains(says) && out.is_empty(), "{args:?}: {err}");
    }
    let (code, out, err) = run(&["rates", "add", "se", "2026-07-01", "1,75"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "se-reference: 1.75 % from 2026-07-01\n");
    let (_, out, err) = run(&["rates", "list"]);
    assert!(out.contains("se-reference\t2026-07-01\t1.75\n"), "{out}");
    assert!(!err.contains("se-reference has no rate") && err.contains("no-forsinkelsesrente has no rate"), "{err}");
    let (_, _, err) = run(&["statement", "40010001"]);
    assert!(!err.contains("warning"), "{err}");
    let (code, _, err) = run(&["rates", "add", "SE", "2026-07-01", "2.00"]);
    assert!(code == 1 && err.contains("already"), "{err}");
    // The first rate stands, and its publication is in the audit log once, by the system.
    let (_, out, _) = run(&["rates", "list"]);
    assert!(out.contains("se-reference\t2026-07-01\t1.75\n"), "{out}");
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        use debtor_portal::server::store::{ActorKind, AuditAction};
        let url = format!("sqlite://{}", dir.path().join("portal.db").display());
        let store = debtor_portal::server::store::Store::connect(&url).await.unwrap();
        let log = store.audit_for("se-reference").await.unwrap();
        let published: Vec<_> = log.iter().filter(|e| e.action == AuditAction::RatePublished).collect();
        assert_eq!(published.len(), 1);
        assert_eq!(published[0].actor_kind, ActorKind::System);
        assert_eq!(published[0].detail["rate"], "1.75");
        store.close().await;
    });
}

//! Backups that restore: a backup taken while debtors sign in (SQLite: `debtor-portal backup`;
//! PostgreSQL: `pg_dump`, as README.md's "Backups" says) is restored into a fresh database, where
//! the portal signs a debtor in and shows her claim, and a document sent before the backup is still
//! sealed in it and still opens. The command's refusals change nothing.
#![cfg(feature = "ssr")]

#[path = "support/app.rs"]
mod app;
#[path = "support/files.rs"]
mod files;

use std::path::Path;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use app::db::{self, TestDb};
use debtor_portal::server::demo;
use debtor_portal::server::store::{Backend, ChainReport};
use reqwest::multipart::{Form, Part};

const BIN: &str = env!("CARGO_BIN_EXE_debtor-portal");
/// Debian's PostgreSQL client tools (15 on bookworm): the newest installed, as `.ci/lib.sh` picks
/// the server, since pg_dump must be at least the server's version.
fn pg_tool(name: &str) -> Command {
    let mut versions: Vec<u32> = std::fs::read_dir("/usr/lib/postgresql")
        .expect("Debian's postgresql package (what .ci/lib.sh installs)")
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
        .collect();
    versions.sort();
    let newest = versions.last().expect("a PostgreSQL version in /usr/lib/postgresql");
    Command::new(format!("/usr/lib/postgresql/{newest}/bin/{name}"))
}

/// Anna (Swedish, 40010001): 2,485.00 due 2026-10-24, 10 % act/365 for 30 days = 20.42, fees 60 +
/// 180: 2,745.42 on the tests' day. Erik sends the document.
const ANNA: (&str, &str) = ("40010001", "K7QM-4TXP");
const ERIK: (&str, &str) = ("40010002", "R3WZ-8HNC");

/// The same keys before and after the restore, as an operator keeps them apart from the backup.
const SECRET_KEY: &str = "5c1f0e2d4b3a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";
const DOCUMENT_KEYS: &str = "kept-apart:00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

fn vars() -> [(&'static str, &'static str); 4] {
    // Each sign-in of the writer comes from an address of its own, so no client's throttle stops it.
    [
        ("SECRET_KEY", SECRET_KEY),
        ("DOCUMENT_KEYS", DOCUMENT_KEYS),
        ("TRUSTED_PROXIES", "127.0.0.1"),
        ("SIGN_IN_CONCURRENCY", "8"),
    ]
}

/// A PDF whose text is easy to find wherever it lies in clear.
fn evidence() -> Vec<u8> {
    let mut pdf = files::pdf();
    pdf.extend_from_slice(b"% receipt BACKUP-PLAINTEXT-7f3a9c Swish 2026-10-03\n");
    pdf
}

const PLAINTEXT: &[u8] = b"BACKUP-PLAINTEXT-7f3a9c";
/// What Erik writes with it, sealed as well.
const EXPLANATION: &str = "Betalt med Swish, kvitto EXPLANATION-SEALED-5d21.";

/// Neither the document nor the explanation in clear, nor in hex (PostgreSQL's bytea text form).
fn holds_plaintext(bytes: &[u8]) -> bool {
    let markers: [&[u8]; 2] = [PLAINTEXT, b"EXPLANATION-SEALED-5d21"];
    markers.iter().any(|m| contains(bytes, m) || contains(bytes, hex::encode(m).as_bytes()))
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn succeeded(what: &str, out: &Output) -> String {
    assert!(
        out.status.success(),
        "{what}: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The portal's command line on `database_url`, with the kept keys.
fn portal(args: &[&str], database_url: &str, data_dir: &Path) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .env("DATABASE_URL", database_url)
        .env("DATA_DIR", data_dir)
        .env("SECRET_KEY", SECRET_KEY)
        .env("DOCUMENT_KEYS", DOCUMENT_KEYS)
        .env_remove("MIGRATION_DATABASE_URL")
        .env_remove("FIXED_CLOCK");
    cmd
}

/// Runs a blocking command off the runtime's threads: the portal and the writer need them meanwhile.
async fn run(what: &'static str, mut cmd: Command) -> String {
    let out = tokio::task::spawn_blocking(move || cmd.output().unwrap()).await.unwrap();
    succeeded(what, &out)
}

async fn count(store: &debtor_portal::server::store::Store, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(store.pool()).await.unwrap()
}

/// Signs the demo letters in one after another, each from a new address, until told to stop; every
/// one must get in (a backup never locks debtors out). `done` counts them.
fn keep_signing_in(
    app: &app::App,
    stop: Arc<AtomicBool>,
) -> (tokio::task::JoinHandle<u64>, tokio::sync::watch::Receiver<u64>) {
    let (client, base) = (app.client.clone(), app.base.clone());
    let (tx, rx) = tokio::sync::watch::channel(0u64);
    let writer = tokio::spawn(async move {
        let logins = demo::logins();
        let mut done = 0u64;
        while !stop.load(Ordering::SeqCst) {
            let login = &logins[done as usize % logins.len()];
            let r = client
                .post(format!("{base}/sign-in"))
                .header("x-forwarded-for", format!("198.18.{}.{}", done / 250, done % 250 + 1))
                .form(&[("case_number", login.case_number), ("access_code", login.access_code)])
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 303, "sign-in {done} ({}) during the backup", login.case_number);
            assert_eq!(r.headers()["location"], "/claims", "sign-in {done} ({})", login.case_number);
            done += 1;
            tx.send_replace(done);
        }
        done
    });
    (writer, rx)
}

async fn at_least(rx: &mut tokio::sync::watch::Receiver<u64>, n: u64) -> u64 {
    *rx.wait_for(|&done| done >= n).await.expect("the writer stopped early")
}

/// Erik disputes his claim with the evidence; the document's id.
async fn send_evidence(app: &app::App) -> String {
    let erik = app.session(ERIK.0, ERIK.1).await;
    let id = app.claim_id(ERIK.0).await;
    let part = Part::bytes(evidence()).file_name("kvitto.pdf").mime_str("application/pdf").unwrap();
    let form = Form::new().text("reason", "already_paid").text("explanation", EXPLANATION).part("files", part);
    let r = app.post_multipart(&format!("/claims/{id}/dispute"), form, &erik).await;
    assert_eq!(r.status(), 303);
    let dispute = app.state.store.dispute_of_claim(&id).await.unwrap().unwrap();
    dispute.entries[0].documents[0].id.to_string()
}

/// Lars's claim, which a write holds while the backup runs.
const LARS: &str = "40010005";
const HELD: &str = "written while the backup ran";

async fn concerns(store: &debtor_portal::server::store::Store) -> String {
    sqlx::query_scalar("SELECT concerns FROM claims WHERE case_number = $1")
        .bind(LARS)
        .fetch_one(store.pool())
        .await
        .unwrap()
}

/// A restored database: the portal's URL, and on PostgreSQL the owner's URL and the runtime role.
struct Restored {
    url: String,
    owner: Option<(String, String)>,
}

/// The backup (into `dir`) while the writer goes on, and the restore.
async fn back_up_and_restore(app: &app::App, dir: &Path, document: &str) -> Restored {
    match app.state.store.backend() {
        Backend::Sqlite => {
            let file = dir.join("portal-backup.db");
            let said = run("backup", portal(&["backup", file.to_str().unwrap()], app.db_url(), dir)).await;
            assert!(said.contains("written to") && said.contains("DOCUMENT_KEYS"), "{said}");
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
                assert_eq!(mode, 0o600, "the backup is as private as the database");
            }
            let names: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name()).collect();
            assert!(!names.iter().any(|n| n.to_string_lossy().contains("partial")), "nothing left behind: {names:?}");
            let bytes = std::fs::read(&file).unwrap();
            assert!(contains(&bytes, document.as_bytes()), "the document's row is in the backup");
            assert!(!holds_plaintext(&bytes), "the backup holds the document and explanation sealed only");
            Restored { url: format!("sqlite://{}?mode=rwc", file.display()), owner: None }
        }
        Backend::Postgres => {
            let dump = dir.join("portal.dump");
            let mut pg_dump = pg_tool("pg_dump");
            pg_dump.args(["--format=custom", "--file", dump.to_str().unwrap(), app.db_url()]);
            run("pg_dump", pg_dump).await;
            // The rows as pg_restore would load them (the dump itself is compressed).
            let mut rows = pg_tool("pg_restore");
            rows.args(["--data-only", "--file=-", dump.to_str().unwrap()]);
            let rows = run("pg_restore --data-only", rows).await;
            assert!(rows.contains(document), "the document's row is in the dump");
            assert!(!holds_plaintext(rows.as_bytes()), "the dump holds the document and explanation sealed only");

            // As README.md's procedure: a fresh database of the schema's owner, restored as that owner
            // without the old owner or grants, then `migrate` grants the runtime role its rights.
            let admin_url = db::postgres_admin_url();
            let admin = debtor_portal::server::store::Store::connect(&admin_url).await.unwrap();
            let suffix = debtor_portal::server::ids::new_id().to_lowercase();
            let (owner, runtime, name) = (format!("o_{suffix}"), format!("r_{suffix}"), format!("restored_{suffix}"));
            for role in [&owner, &runtime] {
                sqlx::query(&format!("CREATE ROLE {role} LOGIN")).execute(admin.pool()).await.unwrap();
            }
            admin.close().await;
            let mut createdb = pg_tool("createdb");
            createdb.arg(format!("--maintenance-db={admin_url}")).args(["--owner", &owner, &name]);
            run("createdb", createdb).await;
            let host = admin_url.split_once("://").unwrap().1.split_once('@').unwrap().1.rsplit_once('/').unwrap().0;
            let url_of = |role: &str| format!("postgres://{role}@{host}/{name}");
            let mut pg_restore = pg_tool("pg_restore");
            pg_restore.args(["--no-owner", "--no-acl", "--exit-on-error", "--dbname", &url_of(&owner)]).arg(&dump);
            run("pg_restore", pg_restore).await;
            Restored { url: url_of(&runtime), owner: Some((url_of(&owner), runtime)) }
        }
    }
}

async fn a_backup_under_writes_restores_and_signs_in(db: TestDb) {
    let app = app::spawn_seeded_with(db, &vars()).await;
    let document = send_evidence(&app).await;
    let dir = tempfile::tempdir().unwrap();

    let stop = Arc::new(AtomicBool::new(false));
    let (writer, mut done) = keep_signing_in(&app, stop.clone());
    at_least(&mut done, 3).await;
    let sessions_before = count(&app.state.store, "sessions").await;
    // A write in flight for the whole backup: begun before it, committed after it. The backup does
    // not wait for it, and does not hold it.
    let mut held = app.state.store.pool().begin().await.unwrap();
    sqlx::query("UPDATE claims SET concerns = $1 WHERE case_number = $2")
        .bind(HELD)
        .bind(LARS)
        .execute(&mut *held)
        .await
        .unwrap();
    let restored = back_up_and_restore(&app, dir.path(), &document).await;
    held.commit().await.unwrap();
    assert_eq!(concerns(&app.state.store).await, HELD);
    // The writer carried on after the backup as well: it never waited for it to end.
    let after = *done.borrow();
    at_least(&mut done, after + 2).await;
    stop.store(true, Ordering::SeqCst);
    let signed_in = writer.await.unwrap();
    let sessions_after = count(&app.state.store, "sessions").await;
    assert!(signed_in >= 5);

    // `migrate` on the restored database: nothing to do (it grants the runtime role its rights).
    let mut migrate = portal(&["migrate"], &restored.url, dir.path());
    if let Some((owner_url, runtime_role)) = &restored.owner {
        migrate.env("MIGRATION_DATABASE_URL", owner_url).env("RUNTIME_ROLE", runtime_role);
    }
    let said = run("migrate", migrate).await;
    assert!(said.contains("database is up to date"), "{said}");
    let restored = db::existing(&restored.url).await;
    let applied = count(&app.state.store, "_sqlx_migrations").await;
    assert_eq!(count(&restored.store, "_sqlx_migrations").await, applied, "migrate found nothing to do");

    // One instant's snapshot: some of the writer's sessions, whole; the audit chain unbroken.
    let restored_sessions = count(&restored.store, "sessions").await;
    assert!(
        (sessions_before..=sessions_after).contains(&restored_sessions),
        "{sessions_before} ≤ {restored_sessions} ≤ {sessions_after}"
    );
    assert!(matches!(restored.store.verify_audit_chain().await.unwrap(), ChainReport::Intact { .. }));
    assert_eq!(
        concerns(&restored.store).await,
        "Elräkning, slutfaktura",
        "the write committed after the backup is not in it"
    );
    let sealed: Vec<u8> = sqlx::query_scalar("SELECT ciphertext FROM documents WHERE id = $1")
        .bind(&document)
        .fetch_one(restored.store.pool())
        .await
        .unwrap();
    assert!(!holds_plaintext(&sealed), "still sealed in the restored database");

    let restored_app = app::spawn_app_with(restored, &vars()).await;
    let anna = restored_app.session(ANNA.0, ANNA.1).await;
    let id = restored_app.claim_id(ANNA.0).await;
    let page = restored_app
        .client
        .get(format!("{}/claims/{id}", restored_app.base))
        .header("cookie", &anna)
        .header("accept-language", "en")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let page = page.text().await.unwrap();
    assert!(page.contains(r#"data-testid="total-outstanding" data-amount="2745.42""#), "{page}");

    let erik = restored_app.session(ERIK.0, ERIK.1).await;
    let r = restored_app.get_with_cookie(&format!("/documents/{document}"), &erik).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.bytes().await.unwrap().to_vec(), evidence(), "the document opens as it was sent");
    let erik_claim = restored_app.claim_id(ERIK.0).await;
    let dispute = restored_app.state.store.dispute_of_claim(&erik_claim).await.unwrap().unwrap();
    assert_eq!(dispute.entries[0].explanation.as_str(), EXPLANATION, "the explanation opens too");
}

on_both_backends!(crate::app::db; a_backup_under_writes_restores_and_signs_in);

fn migrated_data_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(BIN)
        .arg("migrate")
        .env("DATA_DIR", dir.path())
        .env_remove("DATABASE_URL")
        .env_remove("SECRET_KEY")
        .env_remove("DOCUMENT_KEYS")
        .output()
        .unwrap();
    succeeded("migrate", &out);
    dir
}

fn backup(data_dir: &Path, file: &Path, database_url: Option<&str>) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.args(["backup", file.to_str().unwrap()])
        .env("DATA_DIR", data_dir)
        .env_remove("SECRET_KEY")
        .env_remove("DOCUMENT_KEYS");
    match database_url {
        Some(url) => cmd.env("DATABASE_URL", url),
        None => cmd.env_remove("DATABASE_URL"),
    };
    cmd.output().unwrap()
}

fn listing(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
        .collect();
    files.sort();
    files
}

#[test]
fn the_help_names_the_command_and_where_postgres_is_backed_up() {
    let out = Command::new(BIN).args(["help", "backup"]).output().unwrap();
    let help = succeeded("help backup", &out);
    assert!(help.contains("debtor-portal backup <FILE>") && help.contains("pg_dump"), "{help}");
    let all = succeeded("help", &Command::new(BIN).arg("help").output().unwrap());
    assert!(all.contains("\n  backup "), "{all}");
}

#[test]
fn a_backup_never_overwrites_a_file() {
    let data = migrated_data_dir();
    let target = tempfile::tempdir().unwrap();
    let file = target.path().join("monday.db");
    std::fs::write(&file, b"last week's backup").unwrap();
    let before = (listing(data.path()), listing(target.path()));
    let out = backup(data.path(), &file, None);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("monday.db already exists: a backup never overwrites a file"), "{err}");
    assert_eq!((listing(data.path()), listing(target.path())), before, "nothing changed");

    // A new name is written.
    let out = backup(data.path(), &target.path().join("tuesday.db"), None);
    succeeded("backup to a new name", &out);
    assert_eq!(std::fs::read(&file).unwrap(), b"last week's backup");
}

/// A mistyped DATA_DIR: no empty database, and no keys generated there (a restore into that
/// folder would otherwise pick them up and open none of the documents).
#[test]
fn a_backup_of_a_missing_database_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("mistyped");
    let file = dir.path().join("backup.db");
    let out = backup(&data, &file, None);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no database at") && err.contains("portal.db"), "{err}");
    assert!(!data.exists(), "nothing made in the DATA_DIR named: no database, no keys");
    assert!(!file.exists());
}

/// On PostgreSQL the command points to pg_dump; it needs neither the keys nor the database to say so.
#[test]
fn a_backup_on_postgres_points_to_pg_dump() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("backup.db");
    let out = backup(dir.path(), &file, Some("postgres://portal:hunter2@127.0.0.1:1/portal"));
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("pg_dump --format=custom") && err.contains("README.md, \"Backups\""), "{err}");
    assert!(!err.contains("hunter2"), "{err}");
    assert!(std::fs::read_dir(dir.path()).unwrap().next().is_none(), "nothing was written");
}

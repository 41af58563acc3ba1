//! The audit log cannot be rewritten unnoticed (security review, F8): every line is chained to the
//! one before it, `debtor-portal audit verify` names the first broken link, and on PostgreSQL the
//! portal's runtime role may append to the log but not change, delete, truncate or drop it.
#![cfg(all(feature = "ssr", unix))]

#[path = "support/db.rs"]
mod db;

use std::process::Command;

use debtor_portal::server::store::{ActorKind, AuditAction, Backend, ChainReport, Store};

const BIN: &str = env!("CARGO_BIN_EXE_debtor-portal");
const KEY: &str = "3b7e0c5a9f1d2e4b6a8c0e2f4a6b8d0c1e3f5a7b9c1d3e5f7a9b1c3d5e7f9a1b";

fn portal(args: &[&str], vars: &[(&str, &str)], dir: &std::path::Path) -> std::process::Output {
    let mut c = Command::new(BIN);
    c.args(args)
        .current_dir(dir)
        .env("DATA_DIR", dir.join("data"))
        .env("SECRET_KEY", KEY)
        .env("DOCUMENT_KEYS", format!("k:{KEY}"))
        .env_remove("MIGRATION_DATABASE_URL")
        .env_remove("RUNTIME_ROLE")
        .env_remove("FIXED_CLOCK");
    for (k, v) in vars {
        c.env(k, v);
    }
    c.output().unwrap()
}

async fn write_lines(store: &Store, n: usize) {
    for i in 0..n {
        let detail = serde_json::json!({ "n": i });
        store.audit(ActorKind::System, None, AuditAction::AccessCodeReissued, Some("claim-x"), &detail).await.unwrap();
    }
}

/// Changes a line behind the portal's back, as someone with the database's own rights could.
async fn tamper(store: &Store, sql: &str) {
    let mut tx = store.pool().begin().await.unwrap();
    match store.backend() {
        Backend::Sqlite => {
            for t in ["audit_log_no_update", "audit_log_no_delete"] {
                sqlx::query(&format!("DROP TRIGGER IF EXISTS {t}")).execute(&mut *tx).await.unwrap();
            }
        }
        Backend::Postgres => {
            sqlx::query("ALTER TABLE audit_log DISABLE TRIGGER USER").execute(&mut *tx).await.unwrap();
        }
    }
    sqlx::query(sql).execute(&mut *tx).await.unwrap();
    tx.commit().await.unwrap();
}

async fn ids(store: &Store) -> Vec<i64> {
    let rows: Vec<(i64,)> =
        sqlx::query_as("SELECT id FROM audit_log ORDER BY id").fetch_all(store.pool()).await.unwrap();
    rows.into_iter().map(|(id,)| id).collect()
}

async fn the_chain_shows_where_a_line_was_changed_or_removed(db: db::TestDb) {
    let dir = tempfile::tempdir().unwrap();
    write_lines(&db.store, 6).await;
    assert_eq!(db.store.verify_audit_chain().await.unwrap(), ChainReport::Intact { chained: 6, unchained: 0 });
    let ok = portal(&["audit", "verify"], &[("DATABASE_URL", &db.url)], dir.path());
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    assert!(String::from_utf8_lossy(&ok.stdout).contains("audit log intact: 6 lines chained"));

    let lines = ids(&db.store).await;
    tamper(&db.store, &format!("UPDATE audit_log SET detail = '{{\"n\":99}}' WHERE id = {}", lines[2])).await;
    let broken = db.store.verify_audit_chain().await.unwrap();
    assert!(
        matches!(&broken, ChainReport::Broken { id, why } if *id == lines[2] && why.contains("changed")),
        "{broken:?}"
    );
    let out = portal(&["audit", "verify"], &[("DATABASE_URL", &db.url)], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains(&format!("broken at line {}", lines[2])));

    // Put back, then remove a line in the middle: the next one no longer names its predecessor.
    tamper(&db.store, &format!("UPDATE audit_log SET detail = '{{\"n\":2}}' WHERE id = {}", lines[2])).await;
    assert!(matches!(db.store.verify_audit_chain().await.unwrap(), ChainReport::Intact { .. }));
    tamper(&db.store, &format!("DELETE FROM audit_log WHERE id = {}", lines[3])).await;
    let broken = db.store.verify_audit_chain().await.unwrap();
    assert!(matches!(&broken, ChainReport::Broken { id, .. } if *id == lines[4]), "{broken:?}");
}

/// A line slipped in with an old id and no hashes passes for none of the lines from before the chain.
async fn a_line_slipped_in_before_the_chain_shows(db: db::TestDb) {
    write_lines(&db.store, 2).await;
    sqlx::query(
        "INSERT INTO audit_log (id, at, actor_kind, action, detail) VALUES (0, 1, 'system', 'signed_in', '{}')",
    )
    .execute(db.store.pool())
    .await
    .unwrap();
    let broken = db.store.verify_audit_chain().await.unwrap();
    assert!(matches!(&broken, ChainReport::Broken { id: 0, why } if why.contains("not there")), "{broken:?}");
}

async fn the_newest_line_removed_shows_too(db: db::TestDb) {
    write_lines(&db.store, 3).await;
    let lines = ids(&db.store).await;
    tamper(&db.store, &format!("DELETE FROM audit_log WHERE id = {}", lines[2])).await;
    let broken = db.store.verify_audit_chain().await.unwrap();
    assert!(matches!(&broken, ChainReport::Broken { why, .. } if why.contains("newest")), "{broken:?}");
}

/// Lines written at once from many tasks still form one chain (the head serialises the writers).
async fn concurrent_writers_keep_one_chain(db: db::TestDb) {
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let store = db.store.clone();
            tokio::spawn(async move { write_lines(&store, 10).await })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    assert_eq!(db.store.verify_audit_chain().await.unwrap(), ChainReport::Intact { chained: 80, unchained: 0 });
}

on_both_backends!(
    crate::db;
    the_chain_shows_where_a_line_was_changed_or_removed,
    the_newest_line_removed_shows_too,
    a_line_slipped_in_before_the_chain_shows,
    concurrent_writers_keep_one_chain,
);

/// PostgreSQL with two roles: the owner migrates, the portal runs as the runtime role, which can
/// append to the log (the demo data writes lines) but not change, delete, truncate or drop it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_runtime_role_cannot_rewrite_the_audit_log() {
    let admin_url = db::postgres_admin_url();
    let admin = Store::connect(&admin_url).await.unwrap();
    let suffix = debtor_portal::server::ids::new_id().to_lowercase();
    let (owner, runtime, name) = (format!("o_{suffix}"), format!("r_{suffix}"), format!("roles_{suffix}"));
    for role in [&owner, &runtime] {
        sqlx::query(&format!("CREATE ROLE {role} LOGIN")).execute(admin.pool()).await.unwrap();
    }
    sqlx::query(&format!("CREATE DATABASE {name} OWNER {owner}")).execute(admin.pool()).await.unwrap();
    admin.close().await;
    let base = admin_url.split_once("://").unwrap().1.split_once('@').unwrap().1.rsplit_once('/').unwrap().0;
    let url_of = |role: &str| format!("postgres://{role}@{base}/{name}");
    let (owner_url, runtime_url) = (url_of(&owner), url_of(&runtime));
    let dir = tempfile::tempdir().unwrap();
    let vars = [("DATABASE_URL", runtime_url.as_str()), ("MIGRATION_DATABASE_URL", owner_url.as_str())];

    // Before the owner migrates, the runtime role cannot start the portal on an old schema.
    let early = portal(&["seed-demo"], &vars, dir.path());
    assert!(!early.status.success());
    assert!(String::from_utf8_lossy(&early.stderr).contains("debtor-portal migrate"));
    let migrated = portal(&["migrate"], &[vars[0], vars[1], ("RUNTIME_ROLE", runtime.as_str())], dir.path());
    assert!(migrated.status.success(), "{}", String::from_utf8_lossy(&migrated.stderr));
    let seeded = portal(&["seed-demo"], &vars, dir.path());
    assert!(seeded.status.success(), "{}", String::from_utf8_lossy(&seeded.stderr));

    let store = Store::connect(&runtime_url).await.unwrap();
    write_lines(&store, 2).await;
    assert!(matches!(store.verify_audit_chain().await.unwrap(), ChainReport::Intact { chained, .. } if chained >= 2));
    for attack in [
        "UPDATE audit_log SET detail = '{}'",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log",
        "DROP TABLE audit_log",
        "ALTER TABLE audit_log DISABLE TRIGGER USER",
        "DROP TRIGGER audit_log_no_update ON audit_log",
        "ALTER TABLE audit_log ADD COLUMN x TEXT",
        "UPDATE audit_chain SET head = ''",
    ] {
        // `audit_chain` is the exception: the runtime role writes the head with every line, so it
        // may update it; the chain itself then shows the tampering.
        let outcome = sqlx::query(attack).execute(store.pool()).await;
        if attack.contains("audit_chain") {
            assert!(outcome.is_ok(), "{attack}");
            assert!(matches!(store.verify_audit_chain().await.unwrap(), ChainReport::Broken { .. }));
        } else {
            assert!(outcome.is_err(), "the runtime role could: {attack}");
        }
    }
    let lines: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audit_log").fetch_one(store.pool()).await.unwrap();
    assert!(lines.0 > 2, "every line still there");
    // The runtime role reads and writes what the portal needs.
    let claims: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM claims").fetch_one(store.pool()).await.unwrap();
    assert!(claims.0 > 0);
    store.close().await;
}

//! `debtor-portal backup FILE`: an online, consistent copy of the SQLite database, taken while the
//! portal runs and writes go on (`VACUUM INTO`, one read transaction, so one instant's snapshot).
//! The copy is a new file, private (0600), that never overwrites one and never appears half-written.
//! On PostgreSQL the database's own tools do it (README.md, "Backups").
//!
//! Documents and sealed free text are stored in the database, sealed with `DOCUMENT_KEYS`; the copy
//! holds them as sealed. The keys (`DOCUMENT_KEYS`, `SECRET_KEY`, or `document.keys` and
//! `secret.key` in `DATA_DIR` when generated) are not in it, on purpose: they are kept apart.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use super::config::Config;
use super::store::Store;

/// What `backup` says on PostgreSQL, where `pg_dump` takes the backup.
pub const POSTGRES_REFUSED: &str = "backup copies a SQLite database; on PostgreSQL back up with \
    `pg_dump --format=custom` and restore with `pg_restore` (README.md, \"Backups\"); nothing was written";

/// The command: checks, copies into a hidden file beside `file`, then gives it its name.
pub async fn run(file: &Path) -> Result<(), String> {
    // Before the configuration, which on PostgreSQL would first ask for the keys.
    if std::env::var("DATABASE_URL").is_ok_and(|url| url.starts_with("postgres:") || url.starts_with("postgresql:")) {
        return Err(POSTGRES_REFUSED.into());
    }
    if file.symlink_metadata().is_ok() {
        return Err(format!("{} already exists: a backup never overwrites a file; name a new one", file.display()));
    }
    // The database is looked for before the configuration is read: reading it generates keys in a
    // DATA_DIR that has none, and a mistyped DATA_DIR must be left as it was.
    let database_url = std::env::var("DATABASE_URL").unwrap_or_else(|_| {
        let data_dir = std::env::var("DATA_DIR").unwrap_or_else(|_| "data".into());
        format!("sqlite://{}", Path::new(&data_dir).join("portal.db").display())
    });
    let database = super::store::sqlite_path(&database_url)
        .ok_or("the database is in memory (DATABASE_URL): there is nothing to back up")?;
    if !database.is_file() {
        // Connecting would create an empty database there, and the backup would be of nothing.
        return Err(format!("no database at {} (DATABASE_URL, DATA_DIR); nothing was written", database.display()));
    }
    let config = Config::from_env().map_err(|e| e.to_string())?;
    let partial = Partial::create(file)?;
    let store = Store::connect(&config.database_url).await.map_err(|e| e.to_string())?;
    let copied = vacuum_into(&store, &partial.path).await;
    store.close().await;
    copied?;
    partial.publish(file)?;
    let size = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
    println!(
        "backup of {} written to {} ({size} bytes, readable by its owner only)",
        database.display(),
        file.display()
    );
    println!(
        "Documents in it stay sealed with DOCUMENT_KEYS; keep the keys (DOCUMENT_KEYS and SECRET_KEY, or \
         document.keys and secret.key in {}) apart from the backup: a restore needs DOCUMENT_KEYS to open them.",
        config.data_dir.display()
    );
    Ok(())
}

/// SQLite writes the copy in one read transaction: the snapshot of one instant, while writers go on
/// (WAL). The path is bound, never spliced into the SQL.
async fn vacuum_into(store: &Store, target: &Path) -> Result<(), String> {
    let target_text = target.to_str().ok_or_else(|| format!("{} is not a UTF-8 path", target.display()))?;
    sqlx::query("VACUUM INTO $1")
        .bind(target_text)
        .execute(store.pool())
        .await
        .map_err(|e| format!("the copy failed: {e}; nothing was written"))?;
    // SQLite leaves the copy's durability to the caller.
    std::fs::File::open(target).and_then(|f| f.sync_all()).map_err(|e| format!("cannot sync the copy: {e}"))
}

/// The copy while it is written: a hidden file beside the backup, removed unless it becomes the
/// backup, so a failed or killed run never leaves a file that looks like a whole backup under its name.
struct Partial {
    path: PathBuf,
}

impl Partial {
    /// Created empty and private (VACUUM INTO accepts an empty file and keeps its permissions); an
    /// absolute path, so SQLite never reads it as a `file:` URI.
    fn create(file: &Path) -> Result<Self, String> {
        let name = file.file_name().ok_or_else(|| format!("{} names no file", file.display()))?;
        let folder = std::path::absolute(file.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")))
            .map_err(|e| format!("cannot resolve {}: {e}", file.display()))?;
        let mut hidden = std::ffi::OsString::from(".");
        hidden.push(name);
        hidden.push(format!(".partial-{}", super::ids::new_id()));
        let path = folder.join(hidden);
        let mut opts = std::fs::OpenOptions::new();
        opts.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
        opts.open(&path).map_err(|e| format!("cannot create a file in {}: {e}", folder.display()))?;
        Ok(Self { path })
    }

    /// Gives the copy its name; a file that appeared there meanwhile is kept, not replaced (a link
    /// fails where a rename would overwrite).
    fn publish(self, file: &Path) -> Result<(), String> {
        std::fs::hard_link(&self.path, file).map_err(|e| match e.kind() {
            ErrorKind::AlreadyExists => {
                format!("{} already exists: a backup never overwrites a file; name a new one", file.display())
            }
            _ => format!("cannot name the backup {}: {e}", file.display()),
        })?;
        if let Some(folder) = self.path.parent() {
            // The new name is durable with its folder.
            let _ = std::fs::File::open(folder).and_then(|f| f.sync_all());
        }
        Ok(())
    }
}

impl Drop for Partial {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

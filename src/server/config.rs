use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use rand::RngCore;

/// Settings read once at start-up from the environment (README, "Configuration").
#[derive(Clone)]
pub struct Config {
    /// `LISTEN_ADDR`, default the site address from Cargo.toml's leptos metadata (127.0.0.1:3000).
    pub listen: Option<SocketAddr>,
    /// `DATA_DIR`, default `./data`: the SQLite file and the generated secret key live here.
    pub data_dir: PathBuf,
    /// `DATABASE_URL`: `sqlite://…` or `postgres://…`; default SQLite in the data directory.
    pub database_url: String,
    /// `SECRET_KEY` (64 hex digits), else generated once and kept in `DATA_DIR/secret.key`.
    pub secret_key: SecretKey,
    /// `BODY_LIMIT_BYTES`, default 1 MiB: larger request bodies are refused with 413.
    pub body_limit: usize,
    /// `TRUST_PROXY=1` behind a reverse proxy: the client address for sign-in throttling is the last
    /// entry of `X-Forwarded-For` (the one our proxy added) instead of the proxy's own address.
    pub trust_proxy: bool,
    /// `FIXED_CLOCK` (RFC 3339, e.g. `2026-11-23T12:00:00Z`): for tests only. The portal's clock stands
    /// still at this instant, so a browser test and the `statement` command agree on "today".
    pub fixed_clock: Option<i64>,
}

/// Keys the HMAC of session tokens, so a copy of the sessions table alone cannot sign anyone in.
#[derive(Clone)]
pub struct SecretKey(pub [u8; 32]);

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey(…)")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{name} is not valid: {why}")]
    Invalid { name: &'static str, why: String },
    #[error("cannot use the data directory {path}: {source}")]
    DataDir { path: PathBuf, source: std::io::Error },
}

impl Config {
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
    }

    /// Takes the variables through `get` so tests need not touch the process environment.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let listen = get("LISTEN_ADDR").map(|v| v.parse().map_err(|e| invalid("LISTEN_ADDR", e))).transpose()?;
        let data_dir = PathBuf::from(get("DATA_DIR").unwrap_or_else(|| "data".into()));
        let database_url = match get("DATABASE_URL") {
            Some(url)
                if url.starts_with("sqlite:") || url.starts_with("postgres:") || url.starts_with("postgresql:") =>
            {
                url
            }
            Some(url) => return Err(invalid("DATABASE_URL", format!("{url:?} is neither sqlite:// nor postgres://"))),
            None => format!("sqlite://{}?mode=rwc", data_dir.join("portal.db").display()),
        };
        let body_limit = match get("BODY_LIMIT_BYTES") {
            Some(v) => v.parse().map_err(|e| invalid("BODY_LIMIT_BYTES", e))?,
            None => 1024 * 1024,
        };
        let secret_key = match get("SECRET_KEY") {
            Some(hex_key) => parse_key(&hex_key).ok_or_else(|| invalid("SECRET_KEY", "expected 64 hex digits"))?,
            None => load_or_create_key(&data_dir)?,
        };
        let trust_proxy = match get("TRUST_PROXY").as_deref() {
            None | Some("0") | Some("false") => false,
            Some("1") | Some("true") => true,
            Some(other) => return Err(invalid("TRUST_PROXY", format!("{other:?} is neither 1 nor 0"))),
        };
        let fixed_clock = get("FIXED_CLOCK")
            .map(|v| {
                chrono::DateTime::parse_from_rfc3339(&v).map(|t| t.timestamp()).map_err(|e| invalid("FIXED_CLOCK", e))
            })
            .transpose()?;
        Ok(Self { listen, data_dir, database_url, secret_key, body_limit, trust_proxy, fixed_clock })
    }
}

fn invalid(name: &'static str, why: impl ToString) -> ConfigError {
    ConfigError::Invalid { name, why: why.to_string() }
}

fn parse_key(s: &str) -> Option<SecretKey> {
    let bytes = hex::decode(s.trim()).ok()?;
    Some(SecretKey(bytes.try_into().ok()?))
}

/// Generated on first run and reused afterwards, so sessions survive a restart.
fn load_or_create_key(dir: &Path) -> Result<SecretKey, ConfigError> {
    let io = |source| ConfigError::DataDir { path: dir.to_path_buf(), source };
    std::fs::create_dir_all(dir).map_err(io)?;
    let path = dir.join("secret.key");
    if let Ok(text) = std::fs::read_to_string(&path) {
        return parse_key(&text).ok_or_else(|| invalid("DATA_DIR/secret.key", "expected 64 hex digits"));
    }
    let mut key = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut key);
    write_private(&path, &hex::encode(key)).map_err(io)?;
    Ok(SecretKey(key))
}

fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    opts.open(path)?.write_all(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn cfg(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Config::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn key_is_generated_once_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().to_str().unwrap();
        let a = cfg(&[("DATA_DIR", d)]).unwrap();
        let b = cfg(&[("DATA_DIR", d)]).unwrap();
        assert_eq!(a.secret_key.0, b.secret_key.0);
        assert!(a.database_url.starts_with("sqlite://") && a.database_url.contains(d));
    }

    #[test]
    fn bad_values_are_refused_with_the_variable_named() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().to_str().unwrap();
        for (k, v) in [
            ("DATABASE_URL", "mysql://x"),
            ("LISTEN_ADDR", "nowhere"),
            ("SECRET_KEY", "abc"),
            ("BODY_LIMIT_BYTES", "-1"),
            ("TRUST_PROXY", "maybe"),
        ] {
            let err = cfg(&[("DATA_DIR", d), (k, v)]).err().expect(k).to_string();
            assert!(err.contains(k.split('_').next().unwrap()), "{err}");
        }
    }
}

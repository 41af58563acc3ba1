//! The server's settings, read once at start-up from the environment (README, "Configuration").

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use rand::RngCore;

use super::client_address::Cidr;
use super::document_vault::DocumentKey;
use crate::domain::document::{MAX_FILES, MAX_FILE_BYTES};

/// Settings read once at start-up from the environment (README, "Configuration").
#[derive(Clone)]
pub struct Config {
    /// `LISTEN_ADDR`, default the site address from Cargo.toml's leptos metadata (127.0.0.1:3000).
    pub listen: Option<SocketAddr>,
    /// Where Prometheus scrapes `/metrics` (`server::metrics`); unset, nowhere.
    pub metrics_addr: Option<SocketAddr>,
    /// `DATA_DIR`, default `./data`: the SQLite file and the generated secret key live here.
    pub data_dir: PathBuf,
    /// `DATABASE_URL`: `sqlite://…` or `postgres://…`; default SQLite in the data directory.
    pub database_url: String,
    /// `MIGRATION_DATABASE_URL`: the schema owner's connection, for `debtor-portal migrate`. When it
    /// is set, `DATABASE_URL` is the runtime role's, and the other commands do not migrate: they
    /// refuse to start on an older schema.
    pub migration_database_url: Option<String>,
    /// `RUNTIME_ROLE` (PostgreSQL): the role `migrate` grants the runtime rights to (README,
    /// "Database roles").
    pub runtime_role: Option<String>,
    /// `SECRET_KEY` (64 hex digits), else generated once and kept in `DATA_DIR/secret.key`.
    pub secret_key: SecretKey,
    /// `BODY_LIMIT_BYTES`, default 1 MiB: larger request bodies are refused with 413. Uploads
    /// (multipart forms to the routes that take files) may be as large as their files allow
    /// instead (`upload_limit`).
    pub body_limit: usize,
    /// Five files of 10 MB and the form around them; not configurable, the file limits are the rule.
    pub upload_limit: usize,
    /// `DOCUMENT_KEYS`: `id:64 hex digits`, comma-separated; the first seals new documents, all of
    /// them open old ones. Else generated once in `DATA_DIR/document.keys` (SQLite only).
    pub document_keys: Vec<DocumentKey>,
    /// `PUBLIC_URL`, the address debtors use (`https://portal.example.se`). Its origin is the only one
    /// state-changing requests may come from; `https` makes cookies `Secure` and adds HSTS. Plain
    /// `http` is allowed only on a loopback host, for development. Default `http://` + the listen
    /// address.
    pub public_url: PublicUrl,
    /// `TRUSTED_PROXIES`, a comma-separated list of addresses or CIDR blocks: only these may name the
    /// client in `X-Forwarded-For`. Empty by default.
    pub trusted_proxies: Vec<Cidr>,
    /// `SIGN_IN_CONCURRENCY`, default twice the number of cores: at most this many access-code hashes
    /// are checked at once; a sign-in beyond that is answered `busy` at once.
    pub sign_in_concurrency: usize,
    /// `CONCURRENCY_LIMIT`, default 512: requests handled at once; more wait.
    pub concurrency_limit: usize,
    /// `REQUEST_TIMEOUT_SECS`, default 30: a request not answered by then gets 408 (also the time a
    /// client has to send its headers).
    pub request_timeout_secs: u64,
    /// Seconds a stopping node answers `/readyz` with 503 while still serving (`http::drain_then_stop`).
    pub drain_secs: u64,
    /// How long a node trusts the creditors and rate tables it read (`store::reference_cache`).
    pub reference_cache: std::time::Duration,
    /// `UPLOAD_TIMEOUT_SECS`, default 900: the time an upload (a multipart form) may take.
    pub upload_timeout_secs: u64,
    /// `CONNECTIONS_PER_CLIENT`, default 64: connections one address may hold open at once
    /// (`TRUSTED_PROXIES` are exempt).
    pub connections_per_client: usize,
    /// `HTTP2_CLEARTEXT=1`: accept HTTP/2 without TLS (h2c), for a proxy in front that speaks it.
    /// Off by default: only HTTP/1 is served, whose header timeout bounds slow clients.
    pub http2_cleartext: bool,
    /// `CODE_LIFETIME_DAYS`, default 180: how long a newly issued access code signs in.
    pub code_lifetime_days: i64,
    /// `CONTROLLER_NAME`, default "Demo Inkasso AB": who is responsible for the personal data (GDPR
    /// controller); named in "My data" and in the consent for hardship information.
    pub controller_name: String,
    /// `CONTROLLER_CONTACT`, default "dataskydd@example.se": where a debtor asks about their data.
    pub controller_contact: String,
    /// `RATE_PUBLISHERS`: organisation numbers (comma-separated) of the creditors whose
    /// administrators may publish the national reference rates on `/staff/rates`: the collection
    /// agency's own. The tables are shared by every creditor of a country, so no other creditor's
    /// administrator may change them. Default none: rates are published with `debtor-portal rates add`.
    pub rate_publishers: Vec<String>,
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
    #[error("{name} is required: {why}")]
    Required { name: &'static str, why: &'static str },
    #[error("cannot use the data directory {path}: {source}")]
    DataDir { path: PathBuf, source: std::io::Error },
}

/// An environment variable the portal reads, as `debtor-portal help` lists it.
pub struct Variable {
    pub name: &'static str,
    pub what: &'static str,
}

/// Every variable the portal reads: `debtor-portal help` prints this table, and a test holds it to
/// what `Config::from_lookup` asks for (README.md, "Configuration", says more about each).
pub const VARIABLES: &[Variable] = &[
    Variable { name: "LISTEN_ADDR", what: "address and port to serve on (default 127.0.0.1:3000)" },
    Variable { name: "METRICS_ADDR", what: "address and port serving /metrics for Prometheus (default off)" },
    Variable {
        name: "PUBLIC_URL",
        what: "the address debtors use, https://… (default http:// + LISTEN_ADDR, on loopback only)",
    },
    Variable { name: "DATA_DIR", what: "where the SQLite file and the generated keys live (default data)" },
    Variable { name: "DATABASE_URL", what: "sqlite://… or postgres://… (default SQLite in DATA_DIR)" },
    Variable {
        name: "MIGRATION_DATABASE_URL",
        what: "PostgreSQL: the schema owner's connection for migrate; DATABASE_URL is then the runtime role's",
    },
    Variable { name: "RUNTIME_ROLE", what: "PostgreSQL: the role migrate grants the runtime rights to" },
    Variable {
        name: "SECRET_KEY",
        what: "64 hex digits keying session tokens (default generated into DATA_DIR; required with PostgreSQL)",
    },
    Variable {
        name: "DOCUMENT_KEYS",
        what: "id:64 hex digits, comma-separated: the documents' keys, the first seals new ones \
               (default generated into DATA_DIR; required with PostgreSQL)",
    },
    Variable {
        name: "TRUSTED_PROXIES",
        what: "addresses or CIDR blocks (comma-separated) that may name the client in X-Forwarded-For",
    },
    Variable { name: "BODY_LIMIT_BYTES", what: "the largest request body but uploads (default 1048576)" },
    Variable { name: "SIGN_IN_CONCURRENCY", what: "access codes and passwords checked at once (default 2 x cores)" },
    Variable { name: "CONCURRENCY_LIMIT", what: "requests handled at once; more wait (default 512)" },
    Variable { name: "REQUEST_TIMEOUT_SECS", what: "time to answer a request, and to send its headers (default 30)" },
    Variable {
        name: "DRAIN_SECS",
        what: "on SIGTERM, seconds /readyz says 503 while requests are still served; 0 none (default 5)",
    },
    Variable {
        name: "REFERENCE_CACHE_SECS",
        what: "how long a node keeps creditors and rate tables it read; 0 never (default 10)",
    },
    Variable { name: "UPLOAD_TIMEOUT_SECS", what: "time an upload may take (default 900)" },
    Variable { name: "CONNECTIONS_PER_CLIENT", what: "connections one address may hold open (default 64)" },
    Variable { name: "HTTP2_CLEARTEXT", what: "1: also HTTP/2 without TLS, for a proxy that speaks it (default 0)" },
    Variable { name: "CODE_LIFETIME_DAYS", what: "how long a newly issued access code signs in (default 180)" },
    Variable { name: "CONTROLLER_NAME", what: "who is responsible for the personal data (default Demo Inkasso AB)" },
    Variable {
        name: "CONTROLLER_CONTACT",
        what: "where a debtor asks about their data (default dataskydd@example.se)",
    },
    Variable {
        name: "RATE_PUBLISHERS",
        what: "organisation numbers whose administrators may publish reference rates on /staff/rates",
    },
    Variable { name: "FIXED_CLOCK", what: "tests only: an RFC 3339 instant the clock stands still at" },
    Variable { name: "RUST_LOG", what: "the log filter (default info,sqlx=warn)" },
    Variable { name: "LOG_FORMAT", what: "json: one JSON object a log line (default text)" },
    Variable {
        name: "LEPTOS_*",
        what: "LEPTOS_SITE_ROOT, LEPTOS_ENV, …: the built site, when run outside the source tree",
    },
];

impl Config {
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
    }

    /// Takes the variables through `get` so tests need not touch the process environment.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let listen = get("LISTEN_ADDR").map(|v| v.parse().map_err(|e| invalid("LISTEN_ADDR", e))).transpose()?;
        let metrics_addr =
            get("METRICS_ADDR").map(|v| v.parse().map_err(|e| invalid("METRICS_ADDR", e))).transpose()?;
        let data_dir = PathBuf::from(get("DATA_DIR").unwrap_or_else(|| "data".into()));
        let database_url = match get("DATABASE_URL") {
            Some(url)
                if url.starts_with("sqlite:") || url.starts_with("postgres:") || url.starts_with("postgresql:") =>
            {
                url
            }
            Some(url) => {
                return Err(invalid(
                    "DATABASE_URL",
                    format!("{} is neither sqlite:// nor postgres://", redact_url(&url)),
                ))
            }
            None => format!("sqlite://{}?mode=rwc", data_dir.join("portal.db").display()),
        };
        let migration_database_url = get("MIGRATION_DATABASE_URL");
        let runtime_role = get("RUNTIME_ROLE");
        if let Some(role) = &runtime_role {
            if !super::store::valid_role_name(role) {
                return Err(invalid("RUNTIME_ROLE", "expected a plain role name (a-z, 0-9, _)"));
            }
        }
        let body_limit = match get("BODY_LIMIT_BYTES") {
            Some(v) => v.parse().map_err(|e| invalid("BODY_LIMIT_BYTES", e))?,
            None => 1024 * 1024,
        };
        let secret_key = match get("SECRET_KEY") {
            Some(hex_key) => parse_key(&hex_key).ok_or_else(|| invalid("SECRET_KEY", "expected 64 hex digits"))?,
            // Several nodes share one PostgreSQL: a key generated per node would reject the others'
            // session cookies.
            None if !database_url.starts_with("sqlite:") => {
                return Err(ConfigError::Required {
                    name: "SECRET_KEY",
                    why: "with PostgreSQL every node must sign sessions with the same key \
                          (generate one with `openssl rand -hex 32`)",
                })
            }
            None => load_or_create_key(&data_dir)?,
        };
        let document_keys = match get("DOCUMENT_KEYS") {
            Some(list) => {
                let keys = list
                    .split(',')
                    .filter(|k| !k.trim().is_empty())
                    .map(DocumentKey::parse)
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|e| invalid("DOCUMENT_KEYS", e))?;
                if keys.is_empty() {
                    return Err(invalid("DOCUMENT_KEYS", "name at least one key"));
                }
                keys
            }
            None if !database_url.starts_with("sqlite:") => {
                return Err(ConfigError::Required {
                    name: "DOCUMENT_KEYS",
                    why: "with PostgreSQL every node must open the same documents \
                          (e.g. `DOCUMENT_KEYS=2026:$(openssl rand -hex 32)`)",
                })
            }
            None => vec![load_or_create_document_key(&data_dir)?],
        };
        if get("TRUST_PROXY").is_some() {
            return Err(invalid("TRUST_PROXY", "was replaced by TRUSTED_PROXIES, a list of your proxies' addresses"));
        }
        let trusted_proxies = get("TRUSTED_PROXIES")
            .map(|v| v.split(',').filter(|s| !s.trim().is_empty()).map(str::parse).collect::<Result<Vec<Cidr>, _>>())
            .transpose()
            .map_err(|e| invalid("TRUSTED_PROXIES", e))?
            .unwrap_or_default();
        let public_url = match get("PUBLIC_URL") {
            Some(url) => PublicUrl::parse(&url).map_err(|e| invalid("PUBLIC_URL", e))?,
            None => {
                let listen = listen.map_or_else(|| "127.0.0.1:3000".to_owned(), |a: SocketAddr| a.to_string());
                PublicUrl::parse(&format!("http://{listen}"))
                    .map_err(|e| invalid("PUBLIC_URL", format!("is required when listening on {listen}: {e}")))?
            }
        };
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        let sign_in_concurrency = positive(&get, "SIGN_IN_CONCURRENCY", 2 * cores)?;
        let concurrency_limit = positive(&get, "CONCURRENCY_LIMIT", 512)?;
        let request_timeout_secs = positive(&get, "REQUEST_TIMEOUT_SECS", 30)? as u64;
        let drain_secs = seconds(&get, "DRAIN_SECS", 5)?;
        let reference_cache = std::time::Duration::from_secs(seconds(
            &get,
            "REFERENCE_CACHE_SECS",
            super::store::REFERENCE_CACHE_DEFAULT.as_secs(),
        )?);
        let upload_timeout_secs = positive(&get, "UPLOAD_TIMEOUT_SECS", 900)? as u64;
        let connections_per_client = positive(&get, "CONNECTIONS_PER_CLIENT", super::serve::CONNECTIONS_PER_CLIENT)?;
        let http2_cleartext = match get("HTTP2_CLEARTEXT").as_deref() {
            None | Some("0") => false,
            Some("1") => true,
            Some(_) => return Err(invalid("HTTP2_CLEARTEXT", "expected 1 (on) or 0 (off)")),
        };
        let code_lifetime_days =
            i64::try_from(positive(&get, "CODE_LIFETIME_DAYS", 180)?).map_err(|e| invalid("CODE_LIFETIME_DAYS", e))?;
        let fixed_clock = get("FIXED_CLOCK")
            .map(|v| {
                chrono::DateTime::parse_from_rfc3339(&v).map(|t| t.timestamp()).map_err(|e| invalid("FIXED_CLOCK", e))
            })
            .transpose()?;
        let controller_name = get("CONTROLLER_NAME").unwrap_or_else(|| "Demo Inkasso AB".into());
        let controller_contact = get("CONTROLLER_CONTACT").unwrap_or_else(|| "dataskydd@example.se".into());
        let rate_publishers = get("RATE_PUBLISHERS")
            .map(|v| v.split(',').map(|o| o.trim().to_owned()).filter(|o| !o.is_empty()).collect())
            .unwrap_or_default();
        Ok(Self {
            rate_publishers,
            controller_name,
            controller_contact,
            listen,
            metrics_addr,
            data_dir,
            database_url,
            migration_database_url,
            runtime_role,
            secret_key,
            body_limit,
            upload_limit: MAX_FILES * MAX_FILE_BYTES + 1024 * 1024,
            document_keys,
            public_url,
            trusted_proxies,
            sign_in_concurrency,
            concurrency_limit,
            request_timeout_secs,
            reference_cache,
            drain_secs,
            upload_timeout_secs,
            connections_per_client,
            http2_cleartext,
            code_lifetime_days,
            fixed_clock,
        })
    }
}

/// The portal's public address, reduced to what the server needs from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicUrl {
    origin: String,
    https: bool,
}

impl PublicUrl {
    pub fn parse(url: &str) -> Result<Self, String> {
        let (scheme, rest) = url.split_once("://").ok_or_else(|| format!("{url:?} has no scheme"))?;
        let https = match scheme {
            "https" => true,
            "http" => false,
            _ => return Err(format!("{url:?}: the scheme must be https (or http on loopback)")),
        };
        let authority = rest.split(['/', '?', '#']).next().unwrap_or_default().to_ascii_lowercase();
        if authority.is_empty() || authority.contains('@') {
            return Err(format!("{url:?} has no host (or carries a user name)"));
        }
        let host = match authority.rsplit_once(':') {
            Some((h, port)) if !h.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) && !h.ends_with(':') => h,
            _ => authority.as_str(),
        };
        let host = host.trim_start_matches('[').trim_end_matches(']');
        let loopback = host == "localhost" || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback());
        if !https && !loopback {
            return Err(format!("{url:?}: plain http is only for a loopback host; use https"));
        }
        Ok(Self { origin: format!("{scheme}://{authority}"), https })
    }

    /// `scheme://host[:port]`, as browsers send it in `Origin`.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    pub fn is_https(&self) -> bool {
        self.https
    }
}

fn positive(get: &impl Fn(&str) -> Option<String>, name: &'static str, default: usize) -> Result<usize, ConfigError> {
    match get(name) {
        None => Ok(default),
        Some(v) => {
            v.parse::<usize>().ok().filter(|n| *n > 0).ok_or_else(|| invalid(name, "expected a whole number above 0"))
        }
    }
}

/// A number of seconds, 0 included (0 turns the thing off).
fn seconds(get: &impl Fn(&str) -> Option<String>, name: &'static str, default: u64) -> Result<u64, ConfigError> {
    match get(name) {
        None => Ok(default),
        Some(v) => v.parse().map_err(|_| invalid(name, "expected a whole number of seconds")),
    }
}

/// A database URL fit for a log line: the password, if any, replaced.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let user = &url[s + 3..at];
            let user = user.split_once(':').map_or(user, |(u, _)| u);
            format!("{}://{user}:***@{}", &url[..s], &url[at + 1..])
        }
        _ => url.to_owned(),
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
    create_private_dir(dir).map_err(io)?;
    let path = dir.join("secret.key");
    if let Ok(text) = std::fs::read_to_string(&path) {
        return parse_key(&text).ok_or_else(|| invalid("DATA_DIR/secret.key", "expected 64 hex digits"));
    }
    let mut key = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut key);
    write_private(&path, &hex::encode(key)).map_err(io)?;
    Ok(SecretKey(key))
}

/// Like the secret key: generated on first run, so documents stay readable after a restart.
fn load_or_create_document_key(dir: &Path) -> Result<DocumentKey, ConfigError> {
    let io = |source| ConfigError::DataDir { path: dir.to_path_buf(), source };
    create_private_dir(dir).map_err(io)?;
    let path = dir.join("document.keys");
    if let Ok(text) = std::fs::read_to_string(&path) {
        return DocumentKey::parse(&text).map_err(|e| invalid("DATA_DIR/document.keys", e));
    }
    let mut key = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut key);
    write_private(&path, &format!("local:{}", hex::encode(key))).map_err(io)?;
    Ok(DocumentKey { id: "local".into(), key })
}

/// The data directory holds the key and the database: nobody but the portal's user may look inside.
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
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
        assert_eq!(a.document_keys[0].key, b.document_keys[0].key);
        assert_ne!(a.document_keys[0].key, a.secret_key.0);
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
            ("TRUST_PROXY", "1"),
            ("TRUSTED_PROXIES", "10.0.0.0/8, nonsense"),
            ("PUBLIC_URL", "http://portal.example.se"),
            ("PUBLIC_URL", "ftp://127.0.0.1"),
            ("SIGN_IN_CONCURRENCY", "0"),
            ("REQUEST_TIMEOUT_SECS", "soon"),
            ("DOCUMENT_KEYS", "k1:abc"),
            ("DOCUMENT_KEYS", " , "),
        ] {
            let err = cfg(&[("DATA_DIR", d), (k, v)]).err().expect(k).to_string();
            assert!(err.contains(k), "{err}");
        }
    }

    #[test]
    fn postgres_needs_a_shared_key_and_the_password_never_shows() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().to_str().unwrap();
        let url = "postgres://portal:hunter2@db.internal/portal";
        let err = cfg(&[("DATA_DIR", d), ("DATABASE_URL", url)]).err().unwrap().to_string();
        assert!(err.contains("SECRET_KEY") && err.contains("PostgreSQL"), "{err}");
        let key = "ab".repeat(32);
        let err = cfg(&[("DATA_DIR", d), ("DATABASE_URL", url), ("SECRET_KEY", &key)]).err().unwrap().to_string();
        assert!(err.contains("DOCUMENT_KEYS"), "{err}");
        let docs = format!("2026:{key},2025:{}", "cd".repeat(32));
        let c = cfg(&[("DATA_DIR", d), ("DATABASE_URL", url), ("SECRET_KEY", &key), ("DOCUMENT_KEYS", &docs)]).unwrap();
        assert_eq!(c.document_keys.iter().map(|k| k.id.as_str()).collect::<Vec<_>>(), ["2026", "2025"]);
        let err = cfg(&[("DATA_DIR", d), ("DATABASE_URL", "mysql://portal:hunter2@db/x")]).err().unwrap().to_string();
        assert!(!err.contains("hunter2"), "{err}");
        assert_eq!(redact_url(url), "postgres://portal:***@db.internal/portal");
        assert_eq!(redact_url("sqlite://data/portal.db"), "sqlite://data/portal.db");
    }

    #[test]
    fn public_url_decides_origin_and_tls() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().to_str().unwrap();
        let c = cfg(&[("DATA_DIR", d)]).unwrap();
        assert_eq!((c.public_url.origin(), c.public_url.is_https()), ("http://127.0.0.1:3000", false));
        let c = cfg(&[("DATA_DIR", d), ("PUBLIC_URL", "https://Portal.Example.se/start")]).unwrap();
        assert_eq!((c.public_url.origin(), c.public_url.is_https()), ("https://portal.example.se", true));
        let c = cfg(&[("DATA_DIR", d), ("PUBLIC_URL", "http://[::1]:8080")]).unwrap();
        assert_eq!(c.public_url.origin(), "http://[::1]:8080");
        assert!(cfg(&[("DATA_DIR", d), ("LISTEN_ADDR", "0.0.0.0:3000")]).is_err(), "needs PUBLIC_URL");
        assert!(cfg(&[("DATA_DIR", d), ("LISTEN_ADDR", "0.0.0.0:3000"), ("PUBLIC_URL", "https://p.example")]).is_ok());
    }

    #[test]
    fn the_variables_read_are_the_ones_the_help_lists() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().to_str().unwrap().to_owned();
        let asked = std::cell::RefCell::new(std::collections::BTreeSet::new());
        Config::from_lookup(|k| {
            asked.borrow_mut().insert(k.to_owned());
            (k == "DATA_DIR").then(|| d.clone())
        })
        .unwrap();
        let mut asked = asked.into_inner();
        assert!(asked.remove("TRUST_PROXY"), "asked for only to refuse it, naming its successor");
        // Read by the log subscriber and by leptos, not by `Config`.
        let elsewhere = ["RUST_LOG", "LOG_FORMAT", "LEPTOS_*"];
        let listed = VARIABLES.iter().map(|v| v.name.to_owned()).filter(|n| !elsewhere.contains(&n.as_str()));
        assert_eq!(asked, listed.collect());
    }

    #[cfg(unix)]
    #[test]
    fn the_data_directory_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        cfg(&[("DATA_DIR", data.to_str().unwrap())]).unwrap();
        assert_eq!(std::fs::metadata(&data).unwrap().permissions().mode() & 0o777, 0o700);
        assert_eq!(std::fs::metadata(data.join("secret.key")).unwrap().permissions().mode() & 0o777, 0o600);
        assert_eq!(std::fs::metadata(data.join("document.keys")).unwrap().permissions().mode() & 0o777, 0o600);
    }
}

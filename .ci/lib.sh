# Shared by .ci/start and .ci/test: install what is missing, nothing more. Every tool is pinned to the
# version measured to work on these machines (README, "Toolchain").
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$ROOT/end2end/node_modules/.bin:$PATH"

CARGO_LEPTOS_VERSION=0.3.10
WASM_BINDGEN_VERSION=0.2.130

log() { printf '\n==> %s\n' "$*" >&2; }

# Prints the free space where the build goes: a full disk otherwise shows up as a linker error.
report_disk() {
  log "disk $1: $(df -h --output=avail "$ROOT" | tail -n 1 | tr -d ' ') free, target/ $(du -sh "$ROOT/target" 2>/dev/null | cut -f1 || echo 0)"
}

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

APT_UPDATED=
apt_install() {
  if [ -z "$APT_UPDATED" ]; then as_root apt-get update -qq; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

ensure_rust_tools() {
  if ! cargo fmt --version >/dev/null 2>&1 || ! cargo clippy --version >/dev/null 2>&1; then
    log "adding rustfmt and clippy"
    rustup component add rustfmt clippy
  fi
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    log "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
    log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 2 minutes)"
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
  fi
  if [ "$(cargo leptos --version 2>/dev/null)" != "cargo-leptos $CARGO_LEPTOS_VERSION" ]; then
    log "installing cargo-leptos $CARGO_LEPTOS_VERSION (about 12 minutes, once)"
    # 0.3.11 needs a newer Rust than 1.95; no_downloads makes it use the tools on PATH.
    CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
      cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --features no_downloads --force
  fi
}

# npm packages: Playwright and axe for the browser tests, binaryen's wasm-opt for release builds
# (Debian's binaryen 108 silently breaks hydration).
ensure_npm_packages() {
  command -v npm >/dev/null || apt_install nodejs npm
  local stamp="$ROOT/end2end/node_modules/.installed-from"
  local want; want="$(sha256sum "$ROOT/end2end/package-lock.json" | cut -d' ' -f1)"
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    log "installing npm packages in end2end/"
    (cd "$ROOT/end2end" && npm ci --no-audit --no-fund --loglevel=error)
    echo "$want" > "$stamp"
  fi
}

ensure_chromium() {
  [ -x /usr/bin/chromium ] || { log "installing Debian's chromium"; apt_install chromium; }
}

ensure_postgres() {
  PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then
    log "installing PostgreSQL"
    apt_install postgresql
    PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  fi
  export PG_BIN
}

# True when every bundle the release binary's hash.txt names ("css: HASH", "js: …", "wasm: …") is
# in the site folder given. The output name is Cargo.toml's [package.metadata.leptos] output-name.
release_site_complete() {
  local site="$1" hashes="$2" kind hash
  [ -f "$hashes" ] || return 1
  while IFS=': ' read -r kind hash; do
    [ -n "$kind" ] || continue
    [ -f "$site/pkg/debtor-portal.$hash.$kind" ] || return 1
  done < "$hashes"
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# Starts a throw-away PostgreSQL cluster on a free loopback port; exports TEST_POSTGRES_URL.
# initdb refuses to run as root, so the cluster then belongs to the postgres user.
# Clusters of earlier runs that were killed (a stopped session, a timeout) are never stopped by their
# trap; each can hold gigabytes of test databases, and CI builds on the same disk. A cluster whose
# postmaster is gone, or that never started within ten minutes, is removed.
sweep_stale_clusters() {
  local dir pid
  for dir in /tmp/debtor-portal-pg.*; do
    [ -d "$dir" ] || continue
    pid="$(head -n 1 "$dir/postmaster.pid" 2>/dev/null || true)"
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then continue; fi
    if [ -z "$pid" ] && [ -z "$(find "$dir" -maxdepth 0 -mmin +10)" ]; then continue; fi
    rm -rf "$dir"
  done
}

start_postgres() {
  ensure_postgres
  sweep_stale_clusters
  PG_DIR="$(mktemp -d /tmp/debtor-portal-pg.XXXXXX)"
  PG_PORT="$(free_port)"
  local run=()
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql postgres
    chown postgres "$PG_DIR"
    run=(runuser -u postgres --)
  fi
  "${run[@]}" "$PG_BIN/initdb" -D "$PG_DIR" -U postgres --auth=trust >/dev/null
  "${run[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR" -l "$PG_DIR/server.log" \
    -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $PG_DIR -c fsync=off" -w start >/dev/null
  export TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
  PG_RUN=("${run[@]}")
  log "PostgreSQL running on 127.0.0.1:$PG_PORT"
}

stop_postgres() {
  if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR" ]; then
    "${PG_RUN[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  fi
}

import { defineConfig, devices } from '@playwright/test';

// The server under test is the debug build, on its own port and its own throw-away database, so a
// portal running on :3000 is left alone. `.ci/test` builds it first (cargo leptos build).
const port = Number(process.env.E2E_PORT ?? 3107);
// Paths are relative to the repository root, where the server reads Cargo.toml's leptos metadata.
const dataDir = process.env.E2E_DATA_DIR ?? 'target/e2e-data';
const bin = process.env.E2E_BIN ?? 'target/debug/debtor-portal';
// The server's clock stands still here, and `support.ts` runs the `statement` command with the same
// instant, so a page and the engine are compared at exactly the same "today" (even across midnight).
process.env.E2E_FIXED_CLOCK ??= '2026-11-23T12:00:00Z';
// `.ci/test` runs the journeys a second time on an empty PostgreSQL database. Nodes on PostgreSQL
// must share their keys, so throw-away ones are set; the server and the command line that
// `support.ts` runs both read these from the environment.
if (process.env.E2E_DATABASE_URL) {
  process.env.DATABASE_URL = process.env.E2E_DATABASE_URL;
  process.env.SECRET_KEY ??= 'e2e0'.repeat(16);
  process.env.DOCUMENT_KEYS ??= `e2e:${'0e2e'.repeat(16)}`;
}

const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
};

// A phone: most debtors open the letter's link on one.
const phone = { ...devices['Pixel 7'], launchOptions: chromium };

export default defineConfig({
  testDir: './tests',
  // Makes the API key the journeys that change a claim register their claims with.
  globalSetup: './global-setup.ts',
  // Generous: the machine (2 cores) may be building at the same time.
  timeout: 60_000,
  expect: { timeout: 15_000 },
  // Every journey makes the data it changes (tests/support.ts), so any may run alone, in any order,
  // next to any other. Side by side (E2E_WORKERS=2) they found two server faults, both mended: on
  // SQLite a sign-in failed as "database is locked" (write transactions now take the write lock when
  // they begin, `Store::begin_write`), and a page could come back in another request's language
  // (pages no longer write the language cookie; only the language links do). Measured on a quiet
  // 2-core machine (73 journeys, SQLite): one worker 2.9 min, two 2.6 and 2.7 min. The server and
  // Chromium already share both cores, so one worker stays the default; E2E_WORKERS=2 on a bigger one.
  fullyParallel: true,
  workers: Number(process.env.E2E_WORKERS ?? 1),
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: 'retain-on-failure',
  },
  projects: [
    { name: 'phone-js', use: { ...phone, javaScriptEnabled: true } },
    { name: 'phone-no-js', use: { ...phone, javaScriptEnabled: false } },
  ],
  webServer: {
    command: `rm -rf ${dataDir} && ${bin} seed-demo && exec ${bin} serve`,
    cwd: '..',
    url: `http://127.0.0.1:${port}/readyz`,
    timeout: 60_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      DATA_DIR: dataDir,
      LISTEN_ADDR: `127.0.0.1:${port}`,
      FIXED_CLOCK: process.env.E2E_FIXED_CLOCK,
      // Journeys name their own client address (`support.ts`, clientAddress) through this proxy.
      TRUSTED_PROXIES: '127.0.0.1',
      RUST_LOG: 'warn',
    },
  },
});

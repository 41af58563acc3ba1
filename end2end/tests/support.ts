import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';

export const ANNA = { case: '40010001', code: 'K7QM-4TXP' };
/** Anna's second letter, from another creditor. */
export const ANNAS_OTHER_LETTER = { case: '40010009', code: 'L6DW-9KEC' };

/**
 * Demo letters are for journeys that only read them (they are shared by every journey, and journeys
 * run in parallel and in any order). A journey that changes a claim (a plan, a dispute, a deferral,
 * a hardship statement, a staff decision) makes its own with `registerClaim` or `importClaim`.
 */

let journeys = 0;

/** A journey: on an address of its own, and ending the sessions it opened. */
const journey = base.extend<{ clientAddress: string; sessionsEnded: void }>({
  /**
   * Each journey is a debtor or a staff member on a network of their own: the server trusts the
   * loopback proxy (`TRUSTED_PROXIES` in playwright.config.ts) and counts each journey's sign-ins
   * against its own address. One address for every journey would be one household signing in a
   * hundred times under a clock that stands still, which the sign-in throttle rightly stops.
   */
  clientAddress: [
    async ({ page }, use, info) => {
      journeys += 1;
      const address = `198.18.${info.workerIndex % 256}.${journeys % 250 + 1}`;
      await page.setExtraHTTPHeaders({ 'X-Forwarded-For': address });
      await use(address);
    },
    { auto: true },
  ],
  /**
   * Every journey ends the sessions it opened, as a debtor or as staff. A person keeps at most five
   * sessions, a sixth ending the oldest; under the fixed clock they all began at the same instant,
   * so the one ended is any of them. Journeys side by side sign in as the same demo debtor: the
   * sessions earlier journeys left open would otherwise crowd the count, and a new sign-in could end
   * a journey's session halfway through.
   */
  sessionsEnded: [
    async ({ context }, use) => {
      await use();
      const names = (await context.cookies()).map((c) => c.name);
      if (names.includes('portal_session')) await context.request.post('/sign-out', { maxRedirects: 0 });
      if (names.includes('staff_session')) await context.request.post('/staff/sign-out', { maxRedirects: 0 });
    },
    { auto: true },
  ],
});

/** A journey that breaks the Content-Security-Policy on purpose, to see it hold. */
export const unguarded = journey;

export const test = journey.extend<{ cspGuard: string[] }>({
  /**
   * Every journey runs under the server's Content-Security-Policy, and any violation fails it: a page
   * whose scripts the policy blocks would not hydrate for a real debtor either. The browser reports a
   * violation as a console error (with or without JavaScript) and, with it, as an event in the page.
   */
  cspGuard: [
    async ({ page }, use) => {
      const violations: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' && /Content Security Policy|CSP violation/i.test(m.text())) violations.push(m.text());
      });
      await page.addInitScript(() =>
        document.addEventListener('securitypolicyviolation', (e) =>
          console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`),
        ),
      );
      await use(violations);
      expect(violations, 'no Content-Security-Policy violations').toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };

/** The environment that points the command line at the database the server under test uses
 * (`DATABASE_URL` and its keys come from `playwright.config.ts` on PostgreSQL). */
export function cliEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATA_DIR: process.env.E2E_DATA_DIR ?? 'target/e2e-data',
    FIXED_CLOCK: process.env.E2E_FIXED_CLOCK,
    RUST_LOG: 'error',
  };
}

/** The command line of the server under test (the binary `playwright.config.ts` serves), run from
 *  the repository root on the same database. */
export function cli(args: string[], input?: string): string {
  const bin = process.env.E2E_BIN ?? 'target/debug/debtor-portal';
  return execFileSync(bin, args, { cwd: '..', env: cliEnv(), input }).toString();
}

/** The engine's statement of a stored claim, from the same database the server under test uses. */
export function engineStatement(caseNumber: string): any {
  return JSON.parse(cli(['statement', caseNumber]));
}

/** A letter: what a debtor signs in with. */
export type Letter = { case: string; code: string };

/** A claim as the creditor API takes it (README, "Creditor API"); the invoice number is added. */
export type NewClaim = {
  debtor_name: string;
  concerns: string;
  principal: string;
  due_date: string;
  debtor_address?: string;
  debtor_language?: 'sv' | 'nb' | 'en';
  collection_fee?: string;
  demand_sent_on?: string;
  fees?: { kind: string; amount: string; date?: string }[];
};

/** The server's day (its clock stands still at E2E_FIXED_CLOCK, midday UTC) less `n` days. */
export function daysAgo(n: number): string {
  return new Date(Date.parse(process.env.E2E_FIXED_CLOCK!) - n * 86_400_000).toISOString().slice(0, 10);
}

let made = 0;
/**
 * A name no other journey uses, even in another worker at the same moment: the worker's index and a
 * count within the worker. For invoice numbers, account emails, key names.
 */
export function unique(): string {
  made += 1;
  return `w${test.info().workerIndex}-${made}`;
}

/**
 * A claim of Nordljus Energi AB registered through the creditor API, as the creditor's system would,
 * with the key `global-setup.ts` made (E2E_API_KEY). The server gives the claim a fresh case number
 * and its debtor a person of their own, so the journey is the only one that sees them.
 */
export async function registerClaim(claim: NewClaim): Promise<Letter> {
  const invoice = `E2E-${unique()}`;
  const response = await fetch(new URL('/api/v1/claims', test.info().project.use.baseURL), {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${process.env.E2E_API_KEY}`,
      'Content-Type': 'application/json',
      'Idempotency-Key': invoice,
    },
    body: JSON.stringify({ ...claim, original_invoice: invoice }),
  });
  const body = await response.text();
  expect(response.status, body).toBe(201);
  const letter = JSON.parse(body).claims[0];
  return { case: letter.case_number, code: letter.access_code };
}

/** Fjellsport Detalj AS, the demo's Norwegian creditor (its staff has no administrator to make an
 *  API key, so its claims come in as a CSV file through the command line). */
export const FJELLSPORT_ORG = '987 654 321';

/** A claim of the creditor `org` imported as a CSV file with `debtor-portal import-claims`. */
export function importClaim(org: string, claim: NewClaim): Letter {
  const { fees = [], ...fields } = claim;
  const row: Record<string, string> = { ...fields, original_invoice: `E2E-${unique()}` };
  fees.forEach((f, i) => {
    row[`fee_${i + 1}_kind`] = f.kind;
    row[`fee_${i + 1}_amount`] = f.amount;
    if (f.date) row[`fee_${i + 1}_date`] = f.date;
  });
  const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  const dir = mkdtempSync(join(tmpdir(), 'e2e-claims-'));
  try {
    const file = join(dir, 'claims.csv');
    writeFileSync(file, `${Object.keys(row).join(',')}\n${Object.values(row).map(quote).join(',')}\n`);
    // The letters as CSV: a header, then case number and access code first on each line.
    const [caseNumber, code] = cli(['import-claims', org, file]).trim().split(/\r?\n/)[1].split(',');
    return { case: caseNumber, code };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function signIn(page: Page, who = ANNA) {
  await page.goto('/');
  await page.getByLabel('Ärendenummer').fill(who.case);
  await page.getByLabel('Kod från brevet').fill(who.code);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await expect(page).toHaveURL(/\/claims$/);
}

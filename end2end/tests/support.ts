import { execFileSync } from 'node:child_process';
import { test as base, expect, type Page } from '@playwright/test';

export const ANNA = { case: '40010001', code: 'K7QM-4TXP' };
/** Anna's second letter, from another creditor. */
export const ANNAS_OTHER_LETTER = { case: '40010009', code: 'L6DW-9KEC' };

/**
 * Every journey runs under the server's Content-Security-Policy, and any violation fails it: a page
 * whose scripts the policy blocks would not hydrate for a real debtor either. The browser reports a
 * violation as a console error (with or without JavaScript) and, with it, as an event in the page.
 */
let journeys = 0;

export const test = base.extend<{ cspGuard: string[]; clientAddress: string }>({
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

/** The engine's statement of a stored claim, from the same database the server under test uses. */
export function engineStatement(caseNumber: string): any {
  const out = execFileSync('target/debug/debtor-portal', ['statement', caseNumber], { cwd: '..', env: cliEnv() });
  return JSON.parse(out.toString());
}

export async function signIn(page: Page, who = ANNA) {
  await page.goto('/');
  await page.getByLabel('Ärendenummer').fill(who.case);
  await page.getByLabel('Kod från brevet').fill(who.code);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await expect(page).toHaveURL(/\/claims$/);
}

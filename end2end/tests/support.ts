import { execFileSync } from 'node:child_process';
import { expect, type Page } from '@playwright/test';

export const ANNA = { case: '40010001', code: 'K7QM-4TXP' };

/** The engine's statement of a stored claim, from the same database the server under test uses. */
export function engineStatement(caseNumber: string): any {
  const out = execFileSync('target/debug/debtor-portal', ['statement', caseNumber], {
    cwd: '..',
    env: {
      ...process.env,
      DATA_DIR: process.env.E2E_DATA_DIR ?? 'target/e2e-data',
      FIXED_CLOCK: process.env.E2E_FIXED_CLOCK,
      RUST_LOG: 'error',
    },
  });
  return JSON.parse(out.toString());
}

export async function signIn(page: Page, who = ANNA) {
  await page.goto('/');
  await page.getByLabel('Ärendenummer').fill(who.case);
  await page.getByLabel('Kod från brevet').fill(who.code);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await expect(page).toHaveURL(/\/claims$/);
}

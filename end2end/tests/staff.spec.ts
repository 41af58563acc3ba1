import AxeBuilder from '@axe-core/playwright';
import { type Page } from '@playwright/test';
import { expect, signIn, test } from './support';

test.use({ locale: 'sv-SE', extraHTTPHeaders: { 'Accept-Language': 'sv-SE,sv;q=0.9' } });

/**
 * Creditor staff, in English (the labels the issue names are a contract). The journey's claim is
 * used by no other spec: the projects share one server and database.
 */
const DEBTOR = { case: '40020004', code: 'B2XN-7RVJ' }; // Fjellsport Detalj AS, about NOK 6 450
const AGENT = { email: 'kreditt@fjellsport.example', password: 'demo-fjellsport-2026', name: 'Ola Nordmann' };
const FIRST_DUE = '2026-12-10';

async function staffSignIn(page: Page, password = AGENT.password) {
  await page.goto('/language/en?next=/staff');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Staff sign-in');
  await page.getByLabel('Email').fill(AGENT.email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function noSeriousAxeViolations(page: Page) {
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
}

test('a debtor proposes a plan that needs review, an agent approves it, the debtor sees it active', async ({ page }, info) => {
  test.skip(info.project.name !== 'phone-js', 'the proposal is sent once; the no-JavaScript staff pages are checked below');
  await signIn(page, DEBTOR);
  await page.goto('/language/en?next=/claims');
  await page.getByRole('link', { name: 'Propose an installment plan' }).first().click();
  await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
  await page.getByRole('spinbutton', { name: 'Number of installments' }).fill('13');
  await page.getByLabel('First due date').fill(FIRST_DUE);
  await expect(page.getByTestId('verdict').locator('[data-outcome]')).toHaveAttribute('data-outcome', 'needs_review');
  await page.getByRole('button', { name: 'Send proposal' }).click();
  await expect(page.getByRole('heading', { name: 'Your proposal is waiting for the creditor' })).toBeVisible();
  const planUrl = page.url().replace(/[?#].*$/, '');

  await staffSignIn(page);
  await expect(page).toHaveURL(/\/staff\/queue$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Work queue');
  await noSeriousAxeViolations(page);
  const row = page.getByTestId('queue-item').filter({ hasText: DEBTOR.case });
  await expect(row).toHaveAttribute('data-kind', 'plan_proposal');
  await row.getByRole('link', { name: DEBTOR.case }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Plan proposal ${DEBTOR.case}`);
  await expect(page.getByTestId('proposal-row')).toHaveCount(13);
  await noSeriousAxeViolations(page);
  await page.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByText('Your decision is saved.')).toBeVisible();
  await expect(page.getByTestId('decision')).toContainText(`Approved by ${AGENT.name}`);
  await expect(page.getByRole('button', { name: 'Approve' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByText('You are signed out.')).toBeVisible();

  await page.goto(planUrl);
  await expect(page.getByRole('heading', { name: 'Your installment plan is active' })).toBeVisible();
});

test('a debtor disputes, the agent rejects it with an explanation, the debtor reads it and their options', async ({ page }, info) => {
  test.skip(info.project.name !== 'phone-js', 'the dispute is sent once, after the plan journey on the same claim');
  await signIn(page, DEBTOR);
  await page.goto('/language/en?next=/claims');
  await page.locator('.claim-summary h2 a').first().click();
  await page.getByRole('link', { name: 'Dispute the claim' }).click();
  await page.getByRole('radio', { name: 'Goods or service not received or faulty' }).check();
  await page.getByLabel('Explanation').fill('The tent was never delivered.');
  await page.getByRole('button', { name: 'Send dispute' }).click();
  await expect(page.getByTestId('dispute-sent')).toBeVisible();
  const disputeUrl = page.url().replace(/[?#].*$/, '');

  await staffSignIn(page);
  await page.getByRole('link', { name: /^Disputes/ }).click();
  const row = page.getByTestId('queue-item').filter({ hasText: DEBTOR.case });
  await expect(row).toHaveAttribute('data-kind', 'dispute');
  await row.getByRole('link', { name: DEBTOR.case }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Dispute ${DEBTOR.case}`);
  await expect(page.getByTestId('dispute-entry')).toContainText('The tent was never delivered.');
  await noSeriousAxeViolations(page);
  // Rejecting needs words for the debtor: refused, nothing changes.
  await page.getByRole('button', { name: 'Reject the dispute' }).click();
  await expect(page.getByRole('alert')).toHaveText('Explain to the debtor why the claim stands. They read it with the decision.');
  const why = 'The carrier has your signature for the delivery on 2 September.';
  await page.getByLabel('Message to the debtor').fill(why);
  await page.getByRole('button', { name: 'Reject the dispute' }).click();
  await expect(page.getByText('Your decision is saved.')).toBeVisible();
  await expect(page.getByTestId('decision')).toContainText(`Dispute rejected by ${AGENT.name}`);
  await expect(page.getByRole('button', { name: 'Reject the dispute' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Sign out' }).click();

  await page.goto(disputeUrl);
  const answer = page.getByTestId('dispute-answer');
  await expect(answer).toHaveAttribute('data-outcome', 'rejected');
  await expect(answer).toContainText('Fjellsport Detalj AS rejected your dispute');
  await expect(page.getByTestId('dispute-answer-note')).toHaveText(why);
  await expect(page.getByTestId('dispute-options')).toContainText('forliksrådet');
  await expect(page.getByTestId('dispute-options')).toContainText('Finansklagenemnda');
  await noSeriousAxeViolations(page);
});

test('staff sign-in works without JavaScript and says what went wrong', async ({ page }, info) => {
  test.skip(info.project.name !== 'phone-no-js', 'the plain-form pages');
  await staffSignIn(page, 'not-the-password');
  await expect(page.getByRole('alert')).toHaveText('The email address or the password is wrong.');
  await expect(page.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('Email').fill(AGENT.email);
  await page.getByLabel('Password').fill(AGENT.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Work queue');
  await expect(page.getByTestId('staff-signed-in')).toHaveText(`Signed in as ${AGENT.name} (Fjellsport Detalj AS)`);
  await page.getByRole('link', { name: /^Disputes/ }).click();
  await expect(page).toHaveURL(/kind=dispute/);
  await expect(page.getByRole('link', { name: /^Disputes/ })).toHaveAttribute('aria-current', 'page');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.goto('/staff/queue');
  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
});

test('the staff sign-in page passes axe', async ({ page }, info) => {
  test.skip(info.project.name !== 'phone-js', 'axe needs JavaScript in the page');
  await page.goto('/language/en?next=/staff');
  await noSeriousAxeViolations(page);
});

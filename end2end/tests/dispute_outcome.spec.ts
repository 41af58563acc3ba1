import AxeBuilder from '@axe-core/playwright';
import { type Page } from '@playwright/test';
import { expect, FJELLSPORT_ORG, importClaim, signIn, test } from './support';

// Signing in is in Swedish, as the demo debtors' browsers are; the pages are then read in English
// and in Norwegian (the words the issue names are a contract).
test.use({ locale: 'sv-SE', extraHTTPHeaders: { 'Accept-Language': 'sv-SE,sv;q=0.9' } });

/** Fjellsport Detalj AS's agent. */
const AGENT = { email: 'kreditt@fjellsport.example', password: 'demo-fjellsport-2026', name: 'Ola Nordmann' };

async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
}

async function staffSignIn(page: Page) {
  await page.goto('/language/en?next=/staff');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Staff sign-in');
  await page.getByLabel('Email').fill(AGENT.email);
  await page.getByLabel('Password').fill(AGENT.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/staff\/queue$/);
}

test('a Norwegian debtor whose objection is rejected is told the conciliation board comes next', async ({ page }, info) => {
  const js = info.project.name === 'phone-js';
  // A claim of its own: the journey disputes it and has it rejected.
  const who = importClaim(FJELLSPORT_ORG, {
    debtor_name: 'Ingrid Fjell', debtor_address: 'Storgata 1 0155 Oslo', concerns: 'Telt og sovepose',
    principal: '5000', due_date: '2026-10-01',
  });

  // The debtor objects to the whole claim.
  await signIn(page, who);
  await page.goto('/language/en?next=/claims');
  await page.locator('.claim-summary h2 a').first().click();
  const claimPath = new URL(page.url()).pathname;
  await page.getByRole('link', { name: 'Dispute the claim' }).click();
  await expect(page.getByTestId('dispute-interest-note')).toContainText('interest keeps running on the amount');
  await expect(page.getByRole('radio', { name: 'The whole claim' })).toBeChecked();
  await page.getByRole('radio', { name: 'Goods or service not received or faulty' }).check();
  await page.getByLabel('Explanation').fill('The tent never arrived.');
  await page.getByRole('button', { name: 'Send dispute' }).click();
  await expect(page.getByTestId('dispute-sent')).toBeVisible();

  // The creditor's agent rejects it on the staff screen (plain forms: with or without JavaScript).
  await staffSignIn(page);
  await page.getByRole('link', { name: /^Disputes/ }).click();
  const row = page.getByTestId('queue-item').filter({ hasText: who.case });
  await expect(row).toHaveAttribute('data-kind', 'dispute');
  await row.getByRole('link', { name: who.case }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Dispute ${who.case}`);
  await expect(page.getByTestId('dispute-part')).toHaveText('The whole claim');
  await page.getByLabel('Message to the debtor').fill('The carrier has your signature for the delivery.');
  await page.getByRole('button', { name: 'Reject the dispute' }).click();
  await expect(page.getByText('Your decision is saved.')).toBeVisible();
  await expect(page.getByTestId('item-claim')).toContainText('Dispute rejected – the creditor maintains the claim');
  await page.getByRole('button', { name: 'Sign out' }).click();

  // The claim page names the conciliation board and announces no ordinary collection step.
  await page.goto(claimPath);
  const notice = page.getByTestId('contested-notice');
  await expect(notice).toHaveAttribute('data-country', 'NO');
  await expect(notice).toContainText('the creditor must bring the claim to the conciliation board (forliksrådet)');
  await expect(page.getByText('Dispute rejected – the creditor maintains the claim')).toBeVisible();
  const steps = page.getByTestId('step');
  await expect(steps.filter({ hasText: 'The creditor may bring the claim to the conciliation board' })).toHaveCount(1);
  await expect(steps.filter({ hasText: 'Legal collection may start' })).toHaveCount(0);
  await expect(steps.filter({ hasText: 'Last day to pay or dispute the claim' })).toHaveCount(0);
  await expect(page.getByTestId('pay-dispute-note')).toContainText('You can still pay.');
  await expect(page.getByRole('link', { name: 'Propose an installment plan' })).toHaveCount(0);
  if (js) await expectNoAxeViolations(page);

  // In Norwegian too.
  await page.goto(`/language/nb?next=${claimPath}`);
  await expect(page.getByTestId('contested-notice')).toContainText('kreditor bringe kravet inn for forliksrådet');
  if (js) await expectNoAxeViolations(page);

  // The dispute page: the answer, the way on, and a new dispute for new information.
  await page.goto(`/language/en?next=${claimPath}/dispute`);
  await expect(page.getByTestId('dispute-answer')).toHaveAttribute('data-outcome', 'rejected');
  await expect(page.getByTestId('dispute-options')).toContainText('conciliation board (forliksrådet)');
  await expect(page.getByTestId('dispute-again')).toBeVisible();
  if (js) await expectNoAxeViolations(page);
});

import AxeBuilder from '@axe-core/playwright';
import { type Page } from '@playwright/test';
import { daysAgo, expect, FJELLSPORT_ORG, importClaim, type Letter, registerClaim, signIn, test } from './support';

// Signing in is in Swedish; the pages are then read in English.
test.use({ locale: 'sv-SE', extraHTTPHeaders: { 'Accept-Language': 'sv-SE,sv;q=0.9' } });

/**
 * A debtor of the journey's own (a statement and a review request are theirs, and other journeys
 * read the demo letters): Norwegian with JavaScript, Swedish without.
 */
async function debtor(js: boolean): Promise<Letter> {
  if (js) {
    return importClaim(FJELLSPORT_ORG, {
      debtor_name: 'Kari Nordmann', debtor_address: 'Kirkegata 4 0153 Oslo', debtor_language: 'nb',
      concerns: 'Møbler, delbetaling', principal: '24500.00', due_date: daysAgo(200), demand_sent_on: daysAgo(150),
    });
  }
  return registerClaim({
    debtor_name: 'Peter Svensson', debtor_address: 'Kungsgatan 12, 411 19 Göteborg', debtor_language: 'sv',
    concerns: 'Elräkning februari', principal: '3120.00', due_date: daysAgo(50), demand_sent_on: daysAgo(15),
    collection_fee: '180.00', fees: [{ kind: 'reminder', amount: '60.00', date: daysAgo(38) }],
  });
}

async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
}

const certificate = {
  name: 'läkarintyg.pdf',
  mimeType: 'application/pdf',
  buffer: Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n'),
};

test('a hardship statement is kept under consent and withdrawing it deletes it', async ({ page }, info) => {
  const js = info.project.name === 'phone-js';
  await signIn(page, await debtor(js));
  await page.goto('/language/en?next=/claims');
  await page.getByRole('link', { name: 'Hard to pay because of your situation? Tell us' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your situation');

  await page.getByRole('radio', { name: 'Illness' }).check();
  await page.getByLabel(/Monthly income after tax/).fill('14250');
  await page.getByLabel('People in your household (optional)').fill('2');
  await page.getByLabel('Tell us in your own words').fill('On sick leave since September.');
  await page.getByLabel('Documents (optional)').setInputFiles([certificate]);
  // Without the consent nothing is taken: the browser asks for it, and the server would refuse.
  const consent = page.getByRole('checkbox', { name: /I consent to Demo Inkasso AB/ });
  await expect(consent).not.toBeChecked();
  await expect(consent).toHaveAttribute('required', '');
  await consent.check();
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByTestId('hardship-sent')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('hardship-situation')).toHaveText('Illness');
  await expect(page.getByTestId('document')).toHaveText('läkarintyg.pdf');
  await expect(page.getByTestId('consent-record')).toContainText('hardship-consent-2026-12');
  if (js) await expectNoAxeViolations(page);

  await page.getByRole('button', { name: 'Withdraw consent and delete' }).click();
  await expect(page.getByTestId('hardship-withdrawn')).toBeVisible();
  await expect(page.getByText('On sick leave since September.')).toHaveCount(0);
  await expect(page.getByRole('radio', { name: 'Illness' })).toBeVisible();
  if (js) await expectNoAxeViolations(page);
});

test('My data: who is responsible, everything as one file, and a person to look at a decision', async ({ page }, info) => {
  const js = info.project.name === 'phone-js';
  await signIn(page, await debtor(js));
  await page.goto('/language/en?next=/claims');
  await page.getByRole('link', { name: 'My data' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('My data');
  await expect(page.getByTestId('controller')).toContainText('Demo Inkasso AB');
  await expect(page.getByText(/IMY .* Datatilsynet/)).toBeVisible();

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download my data' }).click()]);
  expect(download.suggestedFilename()).toBe('my-data.json');
  const data = JSON.parse((await import('node:fs')).readFileSync((await download.path())!, 'utf8'));
  expect(data.claims.length).toBeGreaterThan(0);
  expect(data.sign_ins.length).toBeGreaterThan(0);

  await page.getByLabel('Which decision?').selectOption({ label: 'Another decision' });
  await page.getByLabel('What should the person know?').fill('I was told my plan cannot be approved.');
  await page.getByRole('button', { name: 'Ask for a review' }).click();
  await expect(page.getByTestId('review-sent')).toBeVisible();
  await expect(page.getByTestId('review-request').first()).toContainText('Waiting for a person');
  if (js) await expectNoAxeViolations(page);
});

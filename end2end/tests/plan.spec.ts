import AxeBuilder from '@axe-core/playwright';
import { type Page } from '@playwright/test';
import { cli, daysAgo, expect, registerClaim, signIn, test } from './support';

// Signing in is in Swedish, as the demo debtors' browsers are; the plan page is then read in English.
test.use({ locale: 'sv-SE', extraHTTPHeaders: { 'Accept-Language': 'sv-SE,sv;q=0.9' } });

/**
 * Proposing an installment plan, in English (the labels the issue names are a contract). A journey
 * that sends a proposal registers a claim of its own (like the demo's, at Nordljus Energi AB);
 * the read-only journeys use the demo letter 40010010.
 */
/** About 1 430 kr. */
const auto = () =>
  registerClaim({
    debtor_name: 'Maria Berg', debtor_address: 'Drottninggatan 3, 252 21 Helsingborg', debtor_language: 'sv',
    concerns: 'Fjärrvärme, kvartal 2', principal: '1234.50', due_date: daysAgo(75), demand_sent_on: daysAgo(50),
    collection_fee: '180.00',
  });
/** About 1 150 kr. */
const pending = () =>
  registerClaim({
    debtor_name: 'Maria Berg', debtor_address: 'Drottninggatan 3, 252 21 Helsingborg', debtor_language: 'sv',
    concerns: 'Mobiltelefon, delbetalning', principal: '899.00', due_date: daysAgo(45), demand_sent_on: daysAgo(12),
    collection_fee: '180.00', fees: [{ kind: 'reminder', amount: '60.00', date: daysAgo(30) }],
  });
/** About 3 370 kr. */
const noJs = () =>
  registerClaim({
    debtor_name: 'Peter Svensson', debtor_address: 'Kungsgatan 12, 411 19 Göteborg', debtor_language: 'sv',
    concerns: 'Elräkning februari', principal: '3120.00', due_date: daysAgo(50), demand_sent_on: daysAgo(15),
    collection_fee: '180.00', fees: [{ kind: 'reminder', amount: '60.00', date: daysAgo(38) }],
  });
const LOOK = { case: '40010010', code: 'V9AM-5TZQ' };
/** Inside every demo creditor's window for the first due date (the server's day is 2026-11-23). */
const FIRST_DUE = '2026-12-10';

async function openPlanPage(page: Page, who: { case: string; code: string }) {
  await signIn(page, who);
  await page.goto('/language/en?next=/claims');
  await page.getByRole('link', { name: 'Propose an installment plan' }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Installment plan');
}

async function hydrated(page: Page) {
  await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
}

/** The schedule on screen, read as a person reads it (in English: ISO dates, `1,234.50`), in the
 *  engine's JSON spelling. */
async function scheduleOnScreen(page: Page) {
  return page.locator('[data-testid="schedule"] > li').evaluateAll((rows) =>
    rows.map((r) => {
      const field = (name: string) => r.querySelector(`[data-field="${name}"]`)!.textContent!.trim().replaceAll(',', '');
      return {
        due_date: r.querySelector('time')!.textContent!.trim(),
        amount: field('amount'),
        fees: field('fees'),
        interest: field('interest'),
        principal: field('principal'),
        balance_after: field('balance'),
      };
    }),
  );
}

/** `debtor-portal calc` on the stored claim (`claim-case`) with the plan the page was given. */
function calcPlan(caseNumber: string, installments: number, firstDue: string) {
  const c = JSON.parse(cli(['claim-case', caseNumber]));
  const input = {
    op: 'plan',
    as_of: c.as_of,
    claim: c.claim,
    reference_rates: c.reference_rates,
    // One installment is a deferral: the page charges no plan fee for it, nor does the engine here.
    plan: { first_due: firstDue, plan_fee: installments === 1 ? '0.00' : c.plan_fee, installments },
  };
  return JSON.parse(cli(['calc'], JSON.stringify(input)));
}

test('a plan inside the creditor’s rules is active at once', async ({ page }, info) => {
  test.skip(info.project.name !== 'phone-js', 'the calculator needs JavaScript; the plain-form journey is below');
  await openPlanPage(page, await auto());
  await hydrated(page);
  await page.getByRole('spinbutton', { name: 'Number of installments' }).fill('2');
  await page.getByLabel('First due date').fill(FIRST_DUE);
  await expect(page.getByTestId('verdict').locator('[data-outcome]')).toHaveAttribute('data-outcome', 'auto_approved');
  await expect(page.locator('[data-testid="schedule"] > li')).toHaveCount(2);
  await page.getByRole('button', { name: 'Send proposal' }).click();
  await expect(page).toHaveURL(/\/plan\?sent=1/);
  await expect(page.getByRole('heading', { name: 'Your installment plan is active' })).toBeVisible();
  await expect(page.getByTestId('plan-next')).toHaveAttribute('data-date', FIRST_DUE);

  // The agreement: a page that prints without the site's chrome, and a PDF.
  await page.getByRole('link', { name: 'The agreement (to print or save as PDF)' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Installment plan agreement');
  await expect(page.getByTestId('agreement-row')).toHaveCount(2);
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.site-header')).toBeHidden();
  await expect(page.getByRole('link', { name: 'Download as PDF' })).toBeHidden();
  await page.emulateMedia({ media: 'screen' });
  const pdf = await page.request.get(await page.getByRole('link', { name: 'Download as PDF' }).getAttribute('href') ?? '');
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');

  await page.goto('/claims');
  await expect(page.getByText('Payment plan active')).toBeVisible();
});

test('a plan outside auto-approval waits for the creditor and can be withdrawn', async ({ page }, info) => {
  test.skip(info.project.name !== 'phone-js', 'the calculator needs JavaScript; the plain-form journey is below');
  await openPlanPage(page, await pending());
  await hydrated(page);
  await page.getByRole('spinbutton', { name: 'Number of installments' }).fill('3');
  await page.getByLabel('First due date').fill(FIRST_DUE);
  const verdict = page.getByTestId('verdict');
  await expect(verdict.locator('[data-outcome]')).toHaveAttribute('data-outcome', 'needs_review');
  await expect(verdict).toContainText('Installments below SEK 500.00 are decided by the creditor.');
  // A choice the rules refuse says why and offers the nearest one that is allowed.
  await page.getByRole('spinbutton', { name: 'Number of installments' }).fill('40');
  await expect(verdict.locator('[data-outcome]')).toHaveAttribute('data-outcome', 'rejected');
  await expect(verdict).toContainText('At most 24 installments.');
  await expect(page.getByRole('button', { name: 'Send proposal' })).toBeDisabled();
  await page.getByRole('button', { name: 'Use this plan' }).click();
  await expect(verdict.locator('[data-outcome]')).not.toHaveAttribute('data-outcome', 'rejected');
  await page.getByRole('spinbutton', { name: 'Number of installments' }).fill('3');
  await page.getByRole('button', { name: 'Send proposal' }).click();
  await expect(page.getByRole('heading', { name: 'Your proposal is waiting for the creditor' })).toBeVisible();
  await page.getByRole('button', { name: 'Withdraw the proposal' }).click();
  await expect(page.getByText('Your proposal has been withdrawn.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Send proposal' })).toBeVisible();
});

test('the calculator answers in the page: no request while choosing, and offline too', async ({ page, context }, info) => {
  test.skip(info.project.name !== 'phone-js', 'needs JavaScript');
  await openPlanPage(page, LOOK);
  await hydrated(page);
  await expect(page.getByTestId('rate-assumed')).toContainText('the latest published reference rate');
  await page.waitForLoadState('networkidle');
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  const slider = page.getByRole('slider', { name: 'Number of installments' });
  const number = page.getByRole('spinbutton', { name: 'Number of installments' });
  await slider.fill('9');
  await expect(number).toHaveValue('9', { timeout: 1000 });
  await expect(page.locator('[data-testid="schedule"] > li')).toHaveCount(9);
  await number.fill('12');
  await expect(slider).toHaveValue('12');
  await expect(page.locator('[data-testid="schedule"] > li')).toHaveCount(12);
  await page.getByLabel('With an amount per installment').check();
  await page.getByLabel('Amount per installment (SEK)').fill('1000');
  await expect(page.getByTestId('verdict').locator('[data-outcome]')).toHaveAttribute('data-outcome', 'auto_approved');
  expect(requests, 'choosing makes no request to the server').toEqual([]);

  await context.setOffline(true);
  await page.getByLabel('In a number of installments').check();
  await number.fill('5');
  await expect(page.locator('[data-testid="schedule"] > li')).toHaveCount(5);
  await expect(page.getByTestId('chart-summary')).toContainText('in 5 installments');
  await context.setOffline(false);
});

test('the schedule shown is what `debtor-portal calc` computes for the same choice', async ({ page }, info) => {
  test.skip(info.project.name !== 'phone-js', 'the no-JavaScript page shows the server’s own preview');
  await openPlanPage(page, LOOK);
  await hydrated(page);
  for (const n of [1, 7, 24]) {
    await page.getByRole('spinbutton', { name: 'Number of installments' }).fill(String(n));
    await page.getByLabel('First due date').fill(FIRST_DUE);
    await expect(page.locator('[data-testid="schedule"] > li')).toHaveCount(n);
    const expected = calcPlan(LOOK.case, n, FIRST_DUE);
    const shown = await scheduleOnScreen(page);
    expect(shown).toEqual(
      expected.installments.map((i: any) => ({
        due_date: i.due_date,
        amount: i.amount,
        fees: i.fees,
        interest: i.interest,
        principal: i.principal,
        balance_after: i.balance_after,
      })),
    );
    await expect(page.getByTestId('plan-total')).toHaveAttribute('data-amount', expected.totals.amount);
  }
});

test('without JavaScript: preview the server’s schedule, then confirm', async ({ page }, info) => {
  test.skip(info.project.name !== 'phone-no-js', 'the plain-form journey');
  const who = await noJs();
  await openPlanPage(page, who);
  await expect(page.getByRole('slider')).toHaveCount(0);
  await page.getByLabel('In a number of installments').check();
  await page.getByRole('spinbutton', { name: 'Number of installments' }).fill('3');
  await page.getByLabel('First due date').fill(FIRST_DUE);
  await page.getByRole('button', { name: 'Send proposal' }).click();
  await expect(page).toHaveURL(/review=1/);
  await expect(page.getByTestId('plan-review')).toBeVisible();
  await expect(page.locator('[data-testid="schedule"] > li')).toHaveCount(3);
  const expected = calcPlan(who.case, 3, FIRST_DUE);
  expect((await scheduleOnScreen(page)).map((r) => r.amount)).toEqual(expected.installments.map((i: any) => i.amount));
  await page.getByRole('button', { name: 'Send proposal' }).click();
  await expect(page).toHaveURL(/sent=1/);
  await expect(page.getByRole('heading', { name: 'Your installment plan is active' })).toBeVisible();
});

test('the plan page passes axe', async ({ page }, info) => {
  test.skip(info.project.name !== 'phone-js', 'axe needs JavaScript in the page');
  await openPlanPage(page, LOOK);
  await hydrated(page);
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
});

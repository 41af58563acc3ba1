import AxeBuilder from '@axe-core/playwright';
import { engineStatement, expect, signIn, test } from './support';
import type { Page } from '@playwright/test';

test.use({ locale: 'sv-SE', extraHTTPHeaders: { 'Accept-Language': 'sv-SE,sv;q=0.9' } });

/** Lena: a plan of six made 40 days ago, the first installment paid on its day. */
const LENA = { case: '40010011', code: 'H4PR-6NWE' };
/** Mikael: a plan of four made 35 days ago, the first installment unpaid for 20 days. */
const MIKAEL = { case: '40010012', code: 'T8KC-2DFX' };

async function axeClean(page: Page, what: string) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${what}: ${v.id} ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
}

test('an active plan replaces the demand: the next installment, its reference, no Kronofogden step', async ({ page }, info) => {
  await signIn(page, LENA);
  // My claims: the next installment, not the whole balance by the demand's old date.
  const next = page.getByTestId('next-installment');
  await expect(next).toBeVisible();
  const amount = await next.getAttribute('data-amount');
  const date = await next.getAttribute('data-date');
  const reference = (await page.getByTestId('next-installment-reference').textContent())!.trim();
  expect(reference).toMatch(/^40010011\d+$/);
  if (info.project.name === 'phone-js') await axeClean(page, 'my claims with a plan');

  await page.getByRole('link', { name: 'Elräkning december' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Elräkning december');
  // The headline and the payment box ask for the same installment; the balance is the engine's.
  await expect(page.getByTestId('headline-next')).toHaveAttribute('data-amount', amount!);
  await expect(page.getByTestId('pay-amount')).toHaveAttribute('data-amount', amount!);
  await expect(page.getByTestId('pay-by')).toHaveAttribute('data-date', date!);
  await expect(page.getByTestId('pay-purpose')).toContainText('Delbetalning 2 av 6');
  await expect(page.getByTestId('reference')).toHaveText(reference);
  const st = engineStatement(LENA.case);
  await expect(page.getByTestId('total-outstanding')).toHaveAttribute('data-amount', st.total_outstanding);
  expect(Number(st.fees.charged)).toBe(350); // the collection fee and the plan fee booked on the claim
  // The timeline: the plan's installments ahead, and no legal step while the plan is kept.
  await expect(page.locator('[data-testid="step"][data-kind="InstallmentDue"]')).toHaveCount(6);
  await expect(page.locator('[data-testid="step"][data-kind="EarliestKronofogden"]')).toHaveCount(0);
  // On a 360 px phone the schedule needs no sideways scrolling; each row's split opens on its own.
  await page.setViewportSize({ width: 360, height: 740 });
  const schedule = page.getByTestId('open-schedule');
  await expect(schedule.locator(':scope > li')).toHaveCount(6);
  await expect(schedule.locator(':scope > li').first()).toHaveClass(/paid/);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  const split = schedule.locator(':scope > li').nth(1).locator('details');
  await split.locator('summary').click();
  await expect(split.locator('[data-field="principal"]')).toBeVisible();
  if (info.project.name === 'phone-js') await axeClean(page, 'claim page with a plan');
});

test('a plan in arrears: the debtor is told what to pay to catch up', async ({ page }, info) => {
  await signIn(page, MIKAEL);
  await page.getByRole('link', { name: 'Elräkning november' }).click();
  const notice = page.getByTestId('plan-arrears');
  await expect(notice).toBeVisible();
  await expect(notice).toHaveAttribute('role', 'alert');
  await expect(notice).toContainText('Din plan ligger efter');
  const catchUp = await notice.getAttribute('data-amount');
  await expect(page.getByTestId('pay-amount')).toHaveAttribute('data-amount', catchUp!);
  await expect(page.getByTestId('pay-purpose')).toContainText('komma ikapp');
  await expect(page.locator('[data-testid="step"][data-kind="EarliestKronofogden"]')).toHaveCount(0);
  if (info.project.name === 'phone-js') await axeClean(page, 'claim page with a plan in arrears');
});

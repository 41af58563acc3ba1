import AxeBuilder from '@axe-core/playwright';
import { type Page } from '@playwright/test';
import { daysAgo, expect, registerClaim, signIn, test } from './support';

test.use({ locale: 'sv-SE', extraHTTPHeaders: { 'Accept-Language': 'sv-SE,sv;q=0.9' } });

/**
 * The staff workspace at a desk and on a phone, in English: staff pages use a desktop's width, the
 * decision screen puts the claim and the debtor's situation beside the item and its form, a decision
 * is made with the keyboard alone, and a phone still shows it all without scrolling sideways. Each
 * journey decides on a deferral request of a claim it registered itself (Nordljus Energi's).
 */
const AGENT = { email: 'handlaggare@nordljus.example', password: 'demo-nordljus-2026' };

async function staffSignIn(page: Page) {
  await page.goto('/language/en?next=/staff');
  await page.getByLabel('Email').fill(AGENT.email);
  await page.getByLabel('Password').fill(AGENT.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/staff\/queue$/);
}

/**
 * A debtor asks for the latest pay-by date the form offers, beyond what is granted at once, so it
 * waits for a person; returns the total the debtor's claim page shows and the staff screen's address.
 */
async function waitingDeferral(page: Page) {
  const letter = await registerClaim({
    debtor_name: 'Maja Lindqvist', debtor_address: 'Storgatan 3, 903 26 Umeå', debtor_language: 'en',
    concerns: 'Electricity, October', principal: '1240.00', due_date: daysAgo(40), demand_sent_on: daysAgo(10),
    collection_fee: '180.00',
  });
  await signIn(page, letter);
  await page.goto('/language/en?next=/claims');
  await page.locator('.claim-summary h2 a').first().click();
  const total = await page.getByTestId('total-outstanding').getAttribute('data-amount');
  const date = page.getByLabel('New pay-by date');
  await date.fill((await date.getAttribute('max'))!);
  await page.getByRole('button', { name: 'Ask for more time' }).click();
  await expect(page.getByTestId('deferral-pending')).toBeVisible();

  await staffSignIn(page);
  await page.getByRole('link', { name: /^Deferral requests/ }).click();
  await page.getByTestId('queue-item').filter({ hasText: letter.case }).getByRole('link', { name: letter.case }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Deferral request ${letter.case}`);
  return { total: total!, screen: page.url().replace(/[?#].*$/, '') };
}

/** Elements that stick out of the viewport sideways, and the page's own scroll width. */
async function overflow(page: Page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out: string[] = [];
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      const r = el.getBoundingClientRect();
      if (r.width <= 1 && r.height <= 1) continue; // visually hidden for screen readers
      if (el.closest('.skip-link')) continue; // above the page until focused
      // A wide table scrolls inside its own labelled, keyboard-scrollable region (the queue's six
      // columns on a phone); the region itself must fit, and is checked.
      const region = el.closest('.table-scroll');
      if (region && region !== el) continue;
      if (r.right > width + 0.5 || r.left < -0.5) out.push(`<${el.tagName.toLowerCase()} class="${el.className}">`);
    }
    return { width, scrollWidth: document.documentElement.scrollWidth, out };
  });
}

async function box(page: Page, selector: string) {
  return (await page.locator(selector).boundingBox())!;
}

test.describe('at a desk (1280 × 800)', () => {
  test.use({ viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false });

  test('the staff pages use the width, the claim sits beside the decision, and a decision is made by keyboard alone', async ({ page }, info) => {
    const { total, screen } = await waitingDeferral(page);

    // The decision screen: the main column uses the width; the claim and the debtor's situation
    // stand to the right of the decision form, level with it, not below it.
    expect((await box(page, 'main')).width).toBeGreaterThan(900);
    const form = await box(page, '#decision-section form');
    const claim = await box(page, '.claim-today');
    expect(claim.x).toBeGreaterThanOrEqual(form.x + form.width);
    expect(claim.y).toBeLessThan(form.y + form.height);
    await expect(page.getByTestId('claim-total-outstanding')).toHaveAttribute('data-amount', total);
    await expect(page.getByRole('complementary', { name: "The claim and the debtor's situation" })).toContainText('has not shared a hardship statement');
    if (info.project.name === 'phone-js') {
      const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
    }

    // Keyboard only, from the top of a fresh load: a few Tabs reach "Go to the decision", shown
    // while focused; Enter puts the focus in the form's first field.
    await page.goto(screen);
    const skip = page.getByRole('link', { name: 'Go to the decision' });
    let tabs = 0;
    while (tabs < 12 && !(await skip.evaluate((a) => a === document.activeElement))) {
      await page.keyboard.press('Tab');
      tabs += 1;
    }
    expect(tabs).toBeLessThanOrEqual(8);
    await expect(skip).toBeFocused();
    await expect(skip).toBeInViewport();
    await page.keyboard.press('Enter');
    const note = page.getByLabel('Message to the debtor');
    await expect(note).toBeFocused();
    const why = 'At most 30 more days; a payment plan suits a longer wait.';
    await page.keyboard.type(why);
    await page.keyboard.press('Tab');
    await expect(page.getByRole('button', { name: 'Grant' })).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(page.getByRole('button', { name: 'Decline' })).toBeFocused();
    // Shift-Tab goes back the same way.
    await page.keyboard.press('Shift+Tab');
    await expect(page.getByRole('button', { name: 'Grant' })).toBeFocused();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');

    // The decision landed, and the focus is on what came of it.
    await expect(page).toHaveURL(/\?decided=1#decision$/);
    const result = page.getByTestId('decision-result');
    await expect(result).toHaveText('Your decision is saved.');
    await expect(result).toBeFocused();
    await expect(page.getByTestId('decision')).toHaveAttribute('data-outcome', 'declined');
    await expect(page.getByTestId('decision')).toContainText(why);
    await expect(page.getByRole('button', { name: 'Decline' })).toHaveCount(0);

    // The queue uses the width too, its table across the main column.
    await page.goto('/staff/queue');
    const main = await box(page, 'main');
    expect(main.width).toBeGreaterThan(900);
    const table = page.locator('main table').first();
    if (await table.count()) expect((await table.boundingBox())!.width).toBeGreaterThan(main.width * 0.8);
  });
});

test('on a phone the decision screen and the queue stack and fit without scrolling sideways', async ({ page }) => {
  await waitingDeferral(page);
  // One column: the item and its decision first, then the claim and the debtor's situation.
  const form = await box(page, '#decision-section form');
  const claim = await box(page, '.claim-today');
  expect(claim.y).toBeGreaterThan(form.y + form.height);
  expect(Math.abs(claim.x - form.x)).toBeLessThan(40);
  for (const path of [page.url(), '/staff/queue']) {
    await page.goto(path);
    const o = await overflow(page);
    expect(o.out, path).toEqual([]);
    expect(o.scrollWidth, path).toBeLessThanOrEqual(o.width);
  }
});

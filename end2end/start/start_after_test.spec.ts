import { expect, test } from '@playwright/test';

// Run by `.ci/check-start-after-test` against the portal `.ci/start` serves after `.ci/test`'s debug
// build wrote target/site: the release must still be styled and its islands live.
test('after the tests, the portal .ci/start serves is styled and its islands come to life', async ({ page }) => {
  const failed: string[] = [];
  page.on('response', (r) => {
    if (r.status() >= 400) failed.push(`${r.status()} ${new URL(r.url()).pathname}`);
  });
  await page.goto('/');
  const css = await page.locator('link[rel="stylesheet"]').getAttribute('href');
  expect(css, 'the page names a stylesheet').toBeTruthy();
  // Styled: the stylesheet's rules apply (the browser's default body margin is 8px).
  await expect.poll(() => page.evaluate(() => getComputedStyle(document.body).margin)).not.toBe('8px');
  await page.getByLabel('Ärendenummer').fill('40010001');
  await page.getByLabel('Kod från brevet').fill('K7QM-4TXP');
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.getByRole('link', { name: 'Elräkning januari' }).click();
  await page.locator('button.copy').first().focus();
  await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true', { timeout: 60_000 });
  expect(failed, 'every file the page asked for was there').toEqual([]);
});

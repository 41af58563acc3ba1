import { test, expect } from '@playwright/test';

// Proves the WASM bundle hydrated the server's HTML: once hydrated, switching language happens in
// place. Without the WASM the same click is a full page load, which would wipe the marker set below.
test('the page hydrates and switches language without a reload', async ({ page }, info) => {
  test.skip(info.project.name !== 'phone-js', 'needs JavaScript');
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
  await page.evaluate(() => ((window as any).__notReloaded = true));
  await page.getByRole('link', { name: 'Norsk bokmål' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Saken din, på dine premisser');
  await expect(page.locator('html')).toHaveAttribute('lang', 'nb');
  expect(await page.evaluate(() => (window as any).__notReloaded)).toBe(true);
  await expect(page.getByRole('link', { name: 'Norsk bokmål' })).toHaveAttribute('aria-current', 'true');
  expect(errors).toEqual([]);
});

import { type Page } from '@playwright/test';
import { expect, signIn, test } from './support';

test.use({ locale: 'sv-SE', extraHTTPHeaders: { 'Accept-Language': 'sv-SE,sv;q=0.9' } });

/** Every request for the islands bundle (the JS glue or the wasm) this page makes from now on. */
function bundleRequests(page: Page): string[] {
  const urls: string[] = [];
  page.on('request', (r) => {
    if (/\/pkg\/.*\.(js|wasm)$/.test(new URL(r.url()).pathname)) urls.push(new URL(r.url()).pathname);
  });
  return urls;
}

async function noScriptsOrPreloads(page: Page, what: string) {
  const found = await page.locator('script[src], script[type="module"], link[rel="preload"], link[rel="modulepreload"], leptos-island').count();
  expect(found, `${what} should carry no script that loads anything, no preload and no island`).toBe(0);
}

test('pages without islands load no JavaScript and no wasm', async ({ page }) => {
  const bundle = bundleRequests(page);
  await page.goto('/');
  await noScriptsOrPreloads(page, 'the start page');
  await signIn(page);
  await noScriptsOrPreloads(page, 'my claims');
  await page.goto('/claims/does-not-exist');
  await noScriptsOrPreloads(page, 'a claim that is not found');
  await page.goto('/no-such-page');
  await noScriptsOrPreloads(page, 'the 404 page');
  expect(bundle).toEqual([]);
});

test('the claim page loads the islands bundle only when a copy button is first touched', async ({ page }, info) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await signIn(page);
  const bundle = bundleRequests(page);
  await page.getByRole('link', { name: 'Elräkning januari' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Elräkning januari');
  // The values are plain, selectable text either way.
  await expect(page.getByTestId('reference')).toHaveText(/^\d{10}$/);
  await page.waitForLoadState('networkidle');
  expect(bundle, 'reading a claim costs no wasm').toEqual([]);
  if (info.project.name === 'phone-no-js') {
    // Without JavaScript a button that does nothing would mislead: none is shown.
    for (const b of await page.locator('button.copy').all()) await expect(b).toBeHidden();
    return;
  }
  // One copy button per payment fact, shown at once; the first touch brings them to life.
  await expect(page.locator('button.copy')).toHaveCount(4);
  for (const b of await page.locator('button.copy').all()) await expect(b).toBeVisible();
  await page.locator('button.copy').first().focus();
  await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
  expect(bundle.filter((u) => u.endsWith('.wasm'))).toHaveLength(1);
  expect(bundle.filter((u) => u.endsWith('.js'))).toHaveLength(1);
  expect(errors).toEqual([]);
});

test('the plan page loads the bundle with the page: the calculator is its purpose', async ({ page }, info) => {
  test.skip(info.project.name !== 'phone-js', 'needs JavaScript');
  await signIn(page, { case: '40010010', code: 'V9AM-5TZQ' });
  const bundle = bundleRequests(page);
  await page.getByRole('link', { name: /avbetalningsplan/ }).first().click();
  await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
  expect(bundle.filter((u) => u.endsWith('.wasm'))).toHaveLength(1);
});

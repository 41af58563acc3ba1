import { expect, test } from './support';

test.describe('first page', () => {
  test.use({ locale: 'sv-SE', extraHTTPHeaders: { 'Accept-Language': 'sv-SE,sv;q=0.9' } });

  test('is server-rendered in Swedish with landmarks and a skip link', async ({ page }) => {
    await page.goto('/');
    await expect(page.locator('html')).toHaveAttribute('lang', 'sv');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ditt ärende, på dina villkor');
    await expect(page.getByRole('main')).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Språk' })).toBeVisible();
    await page.keyboard.press('Tab');
    await expect(page.getByRole('link', { name: 'Hoppa till innehållet' })).toBeFocused();
  });

  test('switches language and remembers it', async ({ page, context }) => {
    await page.goto('/');
    await page.getByRole('link', { name: 'English' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your case, on your terms');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'i18n_pref_locale')?.value).toBe('en');
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your case, on your terms');
  });
});

test('the language follows Accept-Language when nothing was chosen', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'nb-NO', extraHTTPHeaders: { 'Accept-Language': 'nb-NO,nb;q=0.9' } });
  const page = await context.newPage();
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Saken din, på dine premisser');
  await context.close();
});

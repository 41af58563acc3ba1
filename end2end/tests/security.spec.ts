import AxeBuilder from '@axe-core/playwright';
import { ANNA, expect, signIn, test, unguarded as plain } from './support';

test.use({ locale: 'sv-SE', extraHTTPHeaders: { 'Accept-Language': 'sv-SE,sv;q=0.9' } });

test('the claim page hydrates under the Content-Security-Policy, loading the wasm the loader asked for', async ({ page }, info) => {
  test.skip(info.project.name !== 'phone-js', 'hydration needs JavaScript');
  await signIn(page);
  const wasm = page.waitForResponse((r) => r.url().endsWith('.wasm'));
  const response = page.waitForResponse((r) => /\/claims\/[0-9a-f]{32}$/.test(r.url()));
  await page.getByRole('link', { name: 'Elräkning januari' }).click();
  const csp = (await (await response).allHeaders())['content-security-policy'];
  expect(csp).toContain("'strict-dynamic'");
  expect(csp).not.toContain('unsafe-inline');
  // The first touch of a copy button loads the bundle: the loader's own fetch is what the page uses,
  // one request, and the islands come alive under the policy.
  await page.locator('button.copy').first().focus();
  expect((await wasm).status()).toBe(200);
  await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
  await expect(page.locator('button.copy')).toHaveCount(4);
});

// What injected markup (the way cross-site scripting arrives) would try: an inline event handler.
plain('the policy is enforced: injected inline script does not run', async ({ page }, info) => {
  plain.skip(info.project.name !== 'phone-js', 'needs JavaScript to try');
  await signIn(page);
  const violation = page.evaluate(
    () =>
      new Promise<string>((resolve) =>
        document.addEventListener('securitypolicyviolation', (e) => resolve(e.violatedDirective), { once: true }),
      ),
  );
  await page.evaluate(() => {
    document.body.insertAdjacentHTML('beforeend', '<img src="/no-such.png" onerror="window.injected = true">');
  });
  expect(await violation).toMatch(/^script-src/);
  expect(await page.evaluate(() => (window as any).injected)).toBeUndefined();
});

test('"keep me signed in" decides whether the session outlives the browser', async ({ page, context }) => {
  await signIn(page);
  const session = async () => (await context.cookies()).find((c) => c.name === 'portal_session');
  expect((await session())?.expires, 'a browser-session cookie').toBe(-1);
  expect((await session())?.httpOnly).toBe(true);
  await context.clearCookies();
  await page.goto('/');
  await page.getByLabel('Ärendenummer').fill(ANNA.case);
  await page.getByLabel('Kod från brevet').fill(ANNA.code);
  await page.getByLabel('Håll mig inloggad på den här enheten').check();
  await page.getByRole('button', { name: 'Logga in' }).click();
  await expect(page).toHaveURL(/\/claims$/);
  const expires = (await session())?.expires ?? 0;
  expect(expires - Date.now() / 1000).toBeGreaterThan(11 * 3600);
});

test('a form on another site cannot sign the debtor out, and says why in Swedish', async ({ page, context }, info) => {
  await signIn(page);
  const base = info.project.use.baseURL;
  // A page that is not ours (its origin is opaque) posting to ours, as a forged form would.
  await page.goto('about:blank');
  await page.setContent(`<form method="post" action="${base}/sign-out"><button>Vinn en resa</button></form>`);
  await page.getByRole('button', { name: 'Vinn en resa' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Det gick inte');
  await expect(page.getByRole('alert')).toContainText('kom från en annan webbplats');
  expect((await context.cookies()).find((c) => c.name === 'portal_session')).toBeDefined();
  await page.goto('/claims');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mina ärenden');
});

test('the refusal page passes axe', async ({ page }, info) => {
  test.skip(info.project.name !== 'phone-js', 'axe needs JavaScript in the page');
  const base = info.project.use.baseURL;
  await page.goto('about:blank');
  await page.setContent(`<form method="post" action="${base}/sign-out"><button>Skicka</button></form>`);
  await page.getByRole('button', { name: 'Skicka' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Det gick inte');
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id} ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
});

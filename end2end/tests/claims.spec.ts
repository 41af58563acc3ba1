import AxeBuilder from '@axe-core/playwright';
import { ANNA, ANNAS_OTHER_LETTER, engineStatement, expect, signIn, test } from './support';

test.use({ locale: 'sv-SE', extraHTTPHeaders: { 'Accept-Language': 'sv-SE,sv;q=0.9' } });

test('a debtor signs in, adds her other letter, and the itemised amounts equal the engine', async ({ page }) => {
  await signIn(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mina ärenden');
  const cards = page.locator('.claim-summary');
  // One letter's code opens that letter's claim only.
  await expect(cards).toHaveCount(1);
  await expect(page.getByText('Nordljus Energi AB')).toBeVisible();
  await expect(page.getByText('Kvikk Mobil Sverige AB')).toHaveCount(0);
  const add = page.getByRole('region', { name: 'Lägg till ett brev till' });
  await add.getByLabel('Ärendenummer').fill(ANNAS_OTHER_LETTER.case);
  await add.getByLabel('Kod från brevet').fill('FEL-KOD');
  await add.getByRole('button', { name: 'Lägg till brev' }).click();
  await expect(page.getByRole('alert')).toContainText('Ärendenumret eller koden stämmer inte');
  await expect(cards).toHaveCount(1);
  await add.getByLabel('Ärendenummer').fill(ANNAS_OTHER_LETTER.case);
  await add.getByLabel('Kod från brevet').fill(ANNAS_OTHER_LETTER.code);
  await add.getByRole('button', { name: 'Lägg till brev' }).click();
  await expect(page.getByRole('status')).toContainText('Brevet har lagts till');
  await expect(cards).toHaveCount(2);
  await expect(page.getByText('Kvikk Mobil Sverige AB')).toBeVisible();

  await page.getByRole('link', { name: 'Elräkning januari' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Elräkning januari');

  const st = engineStatement(ANNA.case);
  const amount = (id: string) => page.getByTestId(id).getAttribute('data-amount');
  expect(await amount('principal-original')).toBe(st.principal.original);
  expect(await amount('principal-paid')).toBe(st.principal.paid);
  expect(await amount('principal-outstanding')).toBe(st.principal.outstanding);
  expect(await amount('interest-accrued')).toBe(st.interest.accrued);
  expect(await amount('interest-outstanding')).toBe(st.interest.outstanding);
  expect(await amount('fees-charged')).toBe(st.fees.charged);
  expect(await amount('fees-outstanding')).toBe(st.fees.outstanding);
  expect(await amount('total-outstanding')).toBe(st.total_outstanding);
  expect(await amount('pay-amount')).toBe(st.total_outstanding);
  for (const [i, fee] of st.fees.items.entries()) {
    expect(await amount(`fee-${i}-amount`)).toBe(fee.amount);
    expect(await amount(`fee-${i}-outstanding`)).toBe(fee.outstanding);
  }
  // What a person reads: the total in Swedish format, the fees by their legal names.
  const total = st.total_outstanding.replace('.', ',');
  await expect(page.getByTestId('total-outstanding')).toContainText(total.slice(-6));
  await expect(page.getByText('Påminnelseavgift', { exact: false })).toBeVisible();
  await expect(page.getByTestId('reference')).toHaveText(/^\d{10}$/);
  await expect(page.getByText('Kronofogden', { exact: false }).first()).toBeVisible();
  await expect(page.getByText('Finansinspektionen', { exact: false })).toBeVisible();
});

test('the payment reference can be copied', async ({ page, context }, info) => {
  test.skip(info.project.name !== 'phone-js', 'copy needs JavaScript; without it the reference is plain selectable text');
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await signIn(page);
  await page.getByRole('link', { name: 'Elräkning januari' }).click();
  const reference = (await page.getByTestId('reference').textContent())!.trim();
  // A click before the bundle is loaded: the loader loads it and replays the click.
  await expect(page.locator('html')).not.toHaveAttribute('data-hydrated', 'true');
  await page.getByRole('button', { name: 'Kopiera ocr-nummer' }).click();
  await expect(page.getByRole('button', { name: 'Kopiera ocr-nummer' })).toHaveText('Kopierat');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(reference);
});

test('a copy the browser refuses is reported, never claimed', async ({ page }, info) => {
  test.skip(info.project.name !== 'phone-js', 'copy needs JavaScript');
  // A browser that says no (no permission, or no clipboard at all): the promise rejects.
  await page.addInitScript(() => {
    Object.defineProperty(navigator, 'clipboard', {
      value: { writeText: () => Promise.reject(new DOMException('denied', 'NotAllowedError')) },
    });
  });
  await signIn(page);
  await page.getByRole('link', { name: 'Elräkning januari' }).click();
  const button = page.getByRole('button', { name: 'Kopiera ocr-nummer' });
  await button.click();
  await expect(page.getByText('Det gick inte att kopiera. Markera texten och kopiera den själv.')).toBeVisible();
  await expect(button).toHaveText('Kopiera');
});

test('a wrong code is refused with a clear message and no session', async ({ page, context }) => {
  await page.goto('/');
  await page.getByLabel('Ärendenummer').fill(ANNA.case);
  await page.getByLabel('Kod från brevet').fill('FEL-KOD');
  await page.getByRole('button', { name: 'Logga in' }).click();
  await expect(page.getByRole('alert')).toContainText('Ärendenumret eller koden stämmer inte');
  expect((await context.cookies()).find((c) => c.name === 'portal_session')).toBeUndefined();
});

test('signing out ends access', async ({ page }) => {
  await signIn(page);
  await page.getByRole('button', { name: 'Logga ut' }).click();
  await expect(page.getByRole('status')).toContainText('Du är utloggad');
  await page.goto('/claims');
  await expect(page.getByRole('alert')).toContainText('Du behöver logga in');
});

test('every debtor page passes axe with no serious or critical violation', async ({ page }, info) => {
  // axe runs as a script inside the page; the markup it checks is the server's either way.
  test.skip(info.project.name !== 'phone-js', 'axe needs JavaScript in the page');
  const check = async (what: string) => {
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad.map((v) => `${what}: ${v.id} ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
  };
  await page.goto('/?error=invalid_credentials');
  await check('start page with an error');
  await signIn(page);
  await check('my claims');
  await page.goto('/claims?error=invalid_credentials#add-letter');
  await check('my claims with an error in "add another letter"');
  await page.getByRole('link', { name: 'Elräkning januari' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await check('claim page');
  await page.goto('/claims/does-not-exist');
  await check('claim not found');
});

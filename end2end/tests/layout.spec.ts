import { type Page } from '@playwright/test';
import { expect, signIn, test } from './support';

test.use({ locale: 'sv-SE', extraHTTPHeaders: { 'Accept-Language': 'sv-SE,sv;q=0.9' } });

// Claims with the most to show: several fees and a payment (NOK), and many rate periods (SEK).
const KARI = { case: '40020003', code: 'N7PF-4DKS' };
const LARS = { case: '40010005', code: 'M2HS-7CJW' };

/** Visible elements that stick out of the viewport sideways, and the page's own scroll width. */
async function overflow(page: Page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out: string[] = [];
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      const r = el.getBoundingClientRect();
      if (r.width <= 1 && r.height <= 1) continue; // visually hidden for screen readers
      if (r.right > width + 0.5 || r.left < -0.5) {
        out.push(`<${el.tagName.toLowerCase()} class="${el.className}"> ${Math.round(r.left)}..${Math.round(r.right)}: ${el.textContent?.trim().slice(0, 40)}`);
      }
    }
    return { width, scrollWidth: document.documentElement.scrollWidth, out };
  });
}

for (const width of [360, 412]) {
  test.describe(`a ${width} px wide phone`, () => {
    test.use({ viewport: { width, height: 800 } });

    for (const who of [KARI, LARS]) {
      test(`the claim page of case ${who.case} fits without scrolling sideways`, async ({ page }) => {
        await signIn(page, who);
        await page.locator('.claim-summary h2 a').first().click();
        await expect(page.getByTestId('total-outstanding')).toBeVisible();
        const o = await overflow(page);
        expect(o.out).toEqual([]);
        expect(o.scrollWidth).toBeLessThanOrEqual(o.width);

        // Every column of the breakdown is on screen, named in the reader's language.
        for (const id of ['principal-original', 'principal-paid', 'principal-outstanding', 'fees-outstanding']) {
          const box = (await page.getByTestId(id).boundingBox())!;
          expect(box.x + box.width).toBeLessThanOrEqual(width);
        }
        const label = page.getByTestId('principal-outstanding').locator('.cell-label');
        await expect(label).toBeVisible();
        await expect(label).toHaveText('Kvar');
        await expect(page.locator('.breakdown caption')).toContainText(who === KARI ? 'NOK' : 'SEK');

        // The outstanding total is the most prominent number on the page.
        const sizes = await page.locator('[data-amount]').evaluateAll((els) =>
          els.map((e) => ({ id: e.getAttribute('data-testid'), size: parseFloat(getComputedStyle(e).fontSize) })),
        );
        const total = sizes.find((s) => s.id === 'total-outstanding')!.size;
        for (const s of sizes.filter((s) => s.id !== 'total-outstanding')) {
          expect(total, `total vs ${s.id}`).toBeGreaterThan(s.size);
        }
      });
    }

    test('my claims and the start page fit too', async ({ page }) => {
      await page.goto('/');
      expect((await overflow(page)).out).toEqual([]);
      await signIn(page, KARI);
      expect((await overflow(page)).out).toEqual([]);
    });
  });
}

// Loads each page cold (a fresh browser context: empty cache) in headless Chromium on a phone
// viewport and reports what crossed the network, measured by the Chrome DevTools Protocol:
// bytes as transferred (compressed, headers included) by type, the request count, the time to first
// byte, and on pages with islands the time until they are live. Then, on the plan page under a 4x
// CPU slowdown, the time from changing the number of installments to the updated schedule. Budgets
// fail the run.
import { createRequire } from 'node:module';

const require = createRequire(new URL('../end2end/package.json', import.meta.url));
const { chromium, devices } = require('@playwright/test');

const base = process.argv[2];
if (!base) throw new Error('usage: node bench/web.mjs http://127.0.0.1:PORT');

const DEBTOR = { case_number: '40010001', access_code: 'K7QM-4TXP' };
const KB = 1000;
const PAGES = [
  { name: 'sign-in', path: '/', signedIn: false, budget: 20 * KB },
  { name: 'my claims', path: '/claims', signedIn: true },
  { name: 'claim', path: null, signedIn: true, budget: 150 * KB },
  { name: 'plan', path: null, suffix: '/plan', signedIn: true, budget: 200 * KB },
];
/** One frame: the calculator must redraw the schedule within it on a throttled phone. */
const RECOMPUTE_BUDGET_MS = 16;
// Chrome DevTools' "Slow 4G" preset (the old "Fast 3G"), and the CPU of a cheap phone.
const SLOW_4G = { offline: false, latency: 562.5, downloadThroughput: 180_000, uploadThroughput: 84_375 };
const CPU_SLOWDOWN = 4;

function kind(mime) {
  if (mime.includes('html')) return 'html';
  if (mime.includes('css')) return 'css';
  if (mime.includes('javascript')) return 'js';
  if (mime.includes('wasm')) return 'wasm';
  if (mime.startsWith('font/')) return 'font';
  if (mime.startsWith('image/')) return 'image';
  return 'other';
}

async function load(browser, page, throttled) {
  const context = await browser.newContext({ ...devices['Pixel 7'], locale: 'sv-SE' });
  let path = page.path;
  if (page.signedIn) {
    // Signs in through the API context, which shares its cookies with the browser context but not
    // its cache: the page itself is still loaded cold.
    const res = await context.request.post(`${base}/sign-in`, { form: DEBTOR, maxRedirects: 0 });
    if (res.status() !== 303) throw new Error(`sign-in answered ${res.status()}`);
    if (path === null) {
      const list = await context.request.get(`${base}/claims`);
      path = (await list.text()).match(/href="(\/claims\/[0-9a-f]+)"/)[1] + (page.suffix ?? '');
    }
  }
  const tab = await context.newPage();
  // The loader marks <html data-hydrated> once every island is live; <html> does not exist yet
  // when this runs, so the whole document is watched.
  await tab.addInitScript(() => {
    new MutationObserver((_, obs) => {
      if (document.documentElement?.dataset.hydrated) {
        window.__islandsLiveAt = performance.now();
        obs.disconnect();
      }
    }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-hydrated'] });
  });
  const cdp = await context.newCDPSession(tab);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  if (throttled) {
    await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  }
  const responses = new Map();
  const finished = new Map();
  let requests = 0;
  cdp.on('Network.requestWillBeSent', () => requests++);
  let ttfb = null;
  cdp.on('Network.responseReceived', (e) => {
    responses.set(e.requestId, { mime: e.response.mimeType, encoding: e.response.headers['content-encoding'] ?? e.response.headers['Content-Encoding'] ?? '' });
    // From sending the page's request to its response headers, as the throttled network delivers
    // them (Navigation Timing does not see DevTools throttling).
    if (e.type === 'Document' && ttfb === null) ttfb = e.response.timing.receiveHeadersEnd - e.response.timing.sendStart;
  });
  cdp.on('Network.loadingFinished', (e) => finished.set(e.requestId, e.encodedDataLength));

  await tab.goto(base + path, { waitUntil: 'load', timeout: 120_000 });
  const islands = await tab.locator('leptos-island').count();
  // A page whose islands load on demand (copy buttons) loads no bundle until one is touched.
  const onDemand = await tab.evaluate(() => document.documentElement.dataset.islands === 'on-demand');
  if (islands > 0 && !onDemand) {
    await tab.waitForFunction(() => window.__islandsLiveAt !== undefined, null, { timeout: 120_000 });
  }
  await tab.waitForLoadState('networkidle');
  const timing = await tab.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    return { load: nav.loadEventEnd - nav.startTime, live: window.__islandsLiveAt ?? null };
  });
  const count = () => {
    const bytes = {};
    const encodings = new Set();
    for (const [id, len] of finished) {
      const r = responses.get(id);
      if (!r) continue;
      const k = kind(r.mime);
      bytes[k] = (bytes[k] ?? 0) + len;
      if (r.encoding) encodings.add(`${k}:${r.encoding}`);
    }
    return { bytes, encodings };
  };
  const { bytes, encodings } = count();
  // What the first touch of an on-demand island then costs, and how long until it is live.
  let touch = null;
  if (onDemand) {
    const started = await tab.evaluate(() => performance.now());
    await tab.locator('leptos-island button').first().focus();
    await tab.waitForFunction(() => window.__islandsLiveAt !== undefined, null, { timeout: 120_000 });
    await tab.waitForLoadState('networkidle');
    const live = await tab.evaluate((t0) => window.__islandsLiveAt - t0, started);
    const after = count().bytes;
    touch = { bytes: after, total: Object.values(after).reduce((a, b) => a + b, 0), live };
  }
  await context.close();
  return { path, ttfb, requests, bytes, total: Object.values(bytes).reduce((a, b) => a + b, 0), islands, onDemand, touch, encodings: [...encodings], ...timing };
}

/**
 * On the plan page, with the CPU slowed down 4x: the number of installments is set as typing does
 * (an `input` event) and the time is taken when the schedule on screen has changed (a
 * MutationObserver, which runs before the next paint), and again when every update of that change has
 * run (the next task). Alternates with another count so every measurement is a real change; the
 * median of 9. The claim is the demo's largest Swedish one (about 25 000 kr), so that 120
 * installments are 120 rows.
 */
const BIG_CLAIM = { case_number: '40010005', access_code: 'M2HS-7CJW' };
async function recompute(browser) {
  const context = await browser.newContext({ ...devices['Pixel 7'], locale: 'sv-SE' });
  const res = await context.request.post(`${base}/sign-in`, { form: BIG_CLAIM, maxRedirects: 0 });
  if (res.status() !== 303) throw new Error(`sign-in answered ${res.status()}`);
  const list = await context.request.get(`${base}/claims`);
  const path = (await list.text()).match(/href="(\/claims\/[0-9a-f]+)"/)[1] + '/plan';
  const tab = await context.newPage();
  await tab.goto(base + path, { waitUntil: 'load' });
  await tab.waitForFunction(() => document.documentElement.dataset.hydrated === 'true');
  const cdp = await context.newCDPSession(tab);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  const out = [];
  for (const [n, other] of [[12, 9], [120, 60]]) {
    const schedule = [];
    const settled = [];
    let rows = 0;
    for (let k = 0; k < 9; k++) {
      for (const count of [other, n]) {
        const t = await tab.evaluate(async (count) => {
          const body = () => document.querySelector('table[data-testid="schedule"] tbody');
          const before = body();
          const beforeHtml = before?.innerHTML;
          let shown = null;
          const done = new Promise((resolve, reject) => {
            const obs = new MutationObserver(() => {
              const now = body();
              if (now && (now !== before || now.innerHTML !== beforeHtml)) {
                shown = performance.now();
                obs.disconnect();
                resolve();
              }
            });
            obs.observe(document.body, { childList: true, subtree: true, characterData: true });
            setTimeout(() => reject(new Error(`the schedule did not change for ${count} installments`)), 5000);
          });
          const input = document.getElementById('plan-count');
          const t0 = performance.now();
          input.value = String(count);
          input.dispatchEvent(new Event('input', { bubbles: true }));
          await done;
          await new Promise((r) => setTimeout(r, 0));
          const rows = body().querySelectorAll('tr').length;
          return { schedule: shown - t0, settled: performance.now() - t0, rows };
        }, count);
        if (count === n) {
          schedule.push(t.schedule);
          settled.push(t.settled);
          rows = t.rows;
        }
      }
    }
    const median = (v) => v.sort((a, b) => a - b)[Math.floor(v.length / 2)];
    out.push({ n, rows, schedule: median(schedule), settled: median(settled) });
  }
  await context.close();
  return out;
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let failed = 0;
const ms = (v) => (v === null ? '-' : `${Math.round(v)} ms`);
for (const throttled of [false, true]) {
  console.log(`\n## ${throttled ? `Slow 4G (${SLOW_4G.latency} ms, ${SLOW_4G.downloadThroughput / 1000} kB/s down) + ${CPU_SLOWDOWN}x CPU slowdown` : 'No throttling'} (Pixel 7 viewport, cold cache)`);
  console.log(['page', 'html', 'css', 'js', 'wasm', 'other', 'total B', 'requests', 'TTFB', 'load', 'islands live', 'budget'].join(' | '));
  for (const page of PAGES) {
    const r = await load(browser, page, throttled);
    const other = (r.bytes.font ?? 0) + (r.bytes.image ?? 0) + (r.bytes.other ?? 0);
    let verdict = '-';
    if (page.budget) {
      const ok = r.total <= page.budget;
      if (!ok) failed++;
      verdict = `${ok ? 'PASS' : 'FAIL'} (<= ${page.budget} B)`;
    }
    console.log([`${page.name} ${r.path}`, r.bytes.html ?? 0, r.bytes.css ?? 0, r.bytes.js ?? 0, r.bytes.wasm ?? 0, other, r.total, r.requests, ms(r.ttfb), ms(r.load), r.onDemand ? 'on first touch' : r.islands ? ms(r.live) : 'no islands', verdict].join(' | '));
    if (r.touch) {
      const t = r.touch;
      console.log(`   after the first touch of an island: js ${t.bytes.js ?? 0} B, wasm ${t.bytes.wasm ?? 0} B, total ${t.total} B; live ${ms(t.live)} after the touch`);
    }
    if (!throttled) console.log(`   encodings: ${r.encodings.join(', ') || 'none'}`);
  }
}
console.log(`\n## Plan calculator: input change to updated schedule (${CPU_SLOWDOWN}x CPU slowdown, median of 9)`);
console.log(['installments asked', 'rows', 'schedule shown', 'all updates done', 'budget'].join(' | '));
for (const r of await recompute(browser)) {
  const ok = r.schedule <= RECOMPUTE_BUDGET_MS;
  if (!ok) failed++;
  console.log([r.n, r.rows, `${r.schedule.toFixed(1)} ms`, `${r.settled.toFixed(1)} ms`, `${ok ? 'PASS' : 'FAIL'} (<= ${RECOMPUTE_BUDGET_MS} ms)`].join(' | '));
}
await browser.close();
console.log(failed ? `\n${failed} budget(s) FAILED` : '\nevery budget passed');
process.exit(failed ? 1 : 0);

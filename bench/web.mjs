// Loads each page cold (a fresh browser context: empty cache) in headless Chromium on a phone
// viewport and reports what crossed the network, measured by the Chrome DevTools Protocol:
// bytes as transferred (compressed, headers included) by type, the request count, the time to first
// byte, and on pages with islands the time until they are live. Budgets fail the run.
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
];
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
      path = (await list.text()).match(/href="(\/claims\/[^"]+)"/)[1];
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
  if (islands > 0) await tab.waitForFunction(() => window.__islandsLiveAt !== undefined, null, { timeout: 120_000 });
  await tab.waitForLoadState('networkidle');
  const timing = await tab.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    return { load: nav.loadEventEnd - nav.startTime, live: window.__islandsLiveAt ?? null };
  });
  const bytes = {};
  const encodings = new Set();
  for (const [id, len] of finished) {
    const r = responses.get(id);
    if (!r) continue;
    const k = kind(r.mime);
    bytes[k] = (bytes[k] ?? 0) + len;
    if (r.encoding) encodings.add(`${k}:${r.encoding}`);
  }
  await context.close();
  return { path, ttfb, requests, bytes, total: Object.values(bytes).reduce((a, b) => a + b, 0), islands, encodings: [...encodings], ...timing };
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
    console.log([`${page.name} ${r.path}`, r.bytes.html ?? 0, r.bytes.css ?? 0, r.bytes.js ?? 0, r.bytes.wasm ?? 0, other, r.total, r.requests, ms(r.ttfb), ms(r.load), r.islands ? ms(r.live) : 'no islands', verdict].join(' | '));
    if (!throttled) console.log(`   encodings: ${r.encodings.join(', ') || 'none'}`);
  }
}
await browser.close();
console.log(failed ? `\n${failed} budget(s) FAILED` : '\nevery budget passed');
process.exit(failed ? 1 : 0);

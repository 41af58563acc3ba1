import { chromium, expect, type FullConfig } from '@playwright/test';

/**
 * One API key for the run, made once before any journey (the server is up by then): the journeys
 * that change a claim register claims of their own through the creditor API (`registerClaim` in
 * tests/support.ts), which takes a key, and keys are made by an administrator on /staff/api-keys,
 * where a new key is shown once. Workers inherit E2E_API_KEY from this process.
 */
export default async function globalSetup(config: FullConfig) {
  const { baseURL, launchOptions } = config.projects[0].use;
  const browser = await chromium.launch(launchOptions);
  try {
    // An address of its own (the journeys' are 198.18.x.y): the sign-in throttle counts per address.
    const page = await browser.newPage({ baseURL, extraHTTPHeaders: { 'X-Forwarded-For': '198.19.255.1' } });
    await page.goto('/language/en?next=/staff');
    await page.getByLabel('Email').fill('admin@nordljus.example');
    await page.getByLabel('Password').fill('demo-nordljus-admin-2026');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/staff\/queue$/, { timeout: 30_000 });
    await page.goto('/staff/api-keys');
    await page.getByLabel('Name of the system that will use it').fill('Browser journeys');
    await page.getByLabel('Your password (to confirm it is you)').fill('demo-nordljus-admin-2026');
    await page.getByRole('button', { name: 'Make the key' }).click();
    const key = await page.getByLabel('New API key', { exact: true }).inputValue({ timeout: 30_000 });
    expect(key).toMatch(/^dpk_[0-9a-f]{64}$/);
    process.env.E2E_API_KEY = key;
    // Its session ended, so it does not count against the administrator's five.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByText('You are signed out.')).toBeVisible();
  } finally {
    await browser.close();
  }
}

import { createHmac } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import { type Page } from '@playwright/test';
import { daysAgo, expect, FJELLSPORT_ORG, importClaim, type Letter, registerClaim, signIn, test, unique } from './support';

test.use({ locale: 'sv-SE', extraHTTPHeaders: { 'Accept-Language': 'sv-SE,sv;q=0.9' } });

/**
 * Creditor staff, in English (the labels the issue names are a contract). Each journey that has
 * staff decide something decides on a claim it registered itself: other journeys run at the same
 * time and read the demo letters.
 */
const AGENT = { email: 'kreditt@fjellsport.example', password: 'demo-fjellsport-2026', name: 'Ola Nordmann' };
const FIRST_DUE = '2026-12-10';

const NORDLJUS_AGENT = { email: 'handlaggare@nordljus.example', password: 'demo-nordljus-2026', name: 'Karin Lund' };

/** A debtor of Fjellsport Detalj AS (AGENT's creditor) with a claim of about NOK 5 900. */
function fjellsportDebtor(): Letter {
  return importClaim(FJELLSPORT_ORG, {
    debtor_name: 'Peter Svensson', debtor_address: 'Kungsgatan 12, 411 19 Göteborg', debtor_language: 'sv',
    concerns: 'Telt og utstyr', principal: '5890.00', due_date: daysAgo(55), demand_sent_on: daysAgo(20),
  });
}

async function staffSignIn(page: Page, password = AGENT.password, email = AGENT.email) {
  await page.goto('/language/en?next=/staff');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Staff sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function noSeriousAxeViolations(page: Page) {
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
}

/** The debtor signs in and proposes 13 installments, which the creditor's policy leaves to a person; returns the plan page's address. */
async function proposeThirteenInstallments(page: Page, debtor: { case: string; code: string }) {
  await signIn(page, debtor);
  await page.goto('/language/en?next=/claims');
  await page.getByRole('link', { name: 'Propose an installment plan' }).first().click();
  await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
  await page.getByRole('spinbutton', { name: 'Number of installments' }).fill('13');
  await page.getByLabel('First due date').fill(FIRST_DUE);
  await expect(page.getByTestId('verdict').locator('[data-outcome]')).toHaveAttribute('data-outcome', 'needs_review');
  await page.getByRole('button', { name: 'Send proposal' }).click();
  await expect(page.getByRole('heading', { name: 'Your proposal is waiting for the creditor' })).toBeVisible();
  return page.url().replace(/[?#].*$/, '');
}

test('a debtor proposes a plan that needs review, an agent approves it, the debtor sees it active', async ({ page }, info) => {
  test.skip(info.project.name !== 'phone-js', 'the proposal is sent once; the no-JavaScript staff pages are checked below');
  const debtor = fjellsportDebtor();
  const planUrl = await proposeThirteenInstallments(page, debtor);

  await staffSignIn(page);
  await expect(page).toHaveURL(/\/staff\/queue$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Work queue');
  await noSeriousAxeViolations(page);
  const row = page.getByTestId('queue-item').filter({ hasText: debtor.case });
  await expect(row).toHaveAttribute('data-kind', 'plan_proposal');
  await row.getByRole('link', { name: debtor.case }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Plan proposal ${debtor.case}`);
  await expect(page.getByTestId('proposal-row')).toHaveCount(13);
  await noSeriousAxeViolations(page);
  await page.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByText('Your decision is saved.')).toBeVisible();
  await expect(page.getByTestId('decision')).toContainText(`Approved by ${AGENT.name}`);
  await expect(page.getByRole('button', { name: 'Approve' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByText('You are signed out.')).toBeVisible();

  await page.goto(planUrl);
  await expect(page.getByRole('heading', { name: 'Your installment plan is active' })).toBeVisible();
});

test('a debtor disputes, the agent rejects it with an explanation, the debtor reads it and their options', async ({ page }, info) => {
  test.skip(info.project.name !== 'phone-js', 'the staff pages without JavaScript are checked below; axe needs JavaScript');
  const debtor = fjellsportDebtor();
  await signIn(page, debtor);
  await page.goto('/language/en?next=/claims');
  await page.locator('.claim-summary h2 a').first().click();
  await page.getByRole('link', { name: 'Dispute the claim' }).click();
  await page.getByRole('radio', { name: 'Goods or service not received or faulty' }).check();
  await page.getByLabel('Explanation').fill('The tent was never delivered.');
  await page.getByRole('button', { name: 'Send dispute' }).click();
  await expect(page.getByTestId('dispute-sent')).toBeVisible();
  const disputeUrl = page.url().replace(/[?#].*$/, '');

  await staffSignIn(page);
  await page.getByRole('link', { name: /^Disputes/ }).click();
  const row = page.getByTestId('queue-item').filter({ hasText: debtor.case });
  await expect(row).toHaveAttribute('data-kind', 'dispute');
  await row.getByRole('link', { name: debtor.case }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Dispute ${debtor.case}`);
  await expect(page.getByTestId('dispute-entry')).toContainText('The tent was never delivered.');
  await noSeriousAxeViolations(page);
  // Rejecting needs words for the debtor: refused, nothing changes.
  await page.getByRole('button', { name: 'Reject the dispute' }).click();
  await expect(page.getByRole('alert')).toHaveText('Explain to the debtor why the claim stands. They read it with the decision.');
  const why = 'The carrier has your signature for the delivery on 2 September.';
  await page.getByLabel('Message to the debtor').fill(why);
  await page.getByRole('button', { name: 'Reject the dispute' }).click();
  await expect(page.getByText('Your decision is saved.')).toBeVisible();
  await expect(page.getByTestId('decision')).toContainText(`Dispute rejected by ${AGENT.name}`);
  await expect(page.getByRole('button', { name: 'Reject the dispute' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Sign out' }).click();

  await page.goto(disputeUrl);
  const answer = page.getByTestId('dispute-answer');
  await expect(answer).toHaveAttribute('data-outcome', 'rejected');
  await expect(answer).toContainText('Fjellsport Detalj AS rejected your dispute');
  await expect(page.getByTestId('dispute-answer-note')).toHaveText(why);
  await expect(page.getByTestId('dispute-options')).toContainText('forliksrådet');
  await expect(page.getByTestId('dispute-options')).toContainText('Finansklagenemnda');
  await noSeriousAxeViolations(page);
});

test('an agent declines a deferral request with a message, the debtor reads it on the claim', async ({ page }, info) => {
  test.skip(info.project.name !== 'phone-js', 'axe needs JavaScript');
  const deferring = await registerClaim({
    debtor_name: 'Sofia Ahmed', debtor_address: 'Sveavägen 40, 113 59 Stockholm', debtor_language: 'en',
    concerns: 'Broadband, 2 months', principal: '758.00', due_date: daysAgo(35), demand_sent_on: daysAgo(8),
    collection_fee: '180.00',
  });
  await signIn(page, deferring);
  await page.goto('/language/en?next=/claims');
  await page.locator('.claim-summary h2 a').first().click();
  const claimUrl = page.url().replace(/[?#].*$/, '');
  // The latest date the form offers is beyond what is granted at once: it waits for the creditor.
  const date = page.getByLabel('New pay-by date');
  await date.fill((await date.getAttribute('max'))!);
  await page.getByRole('button', { name: 'Ask for more time' }).click();
  await expect(page.getByTestId('deferral-pending')).toBeVisible();

  await staffSignIn(page, NORDLJUS_AGENT.password, NORDLJUS_AGENT.email);
  await page.getByRole('link', { name: /^Deferral requests/ }).click();
  const row = page.getByTestId('queue-item').filter({ hasText: deferring.case });
  await row.getByRole('link', { name: deferring.case }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Deferral request ${deferring.case}`);
  await noSeriousAxeViolations(page);
  await page.getByRole('button', { name: 'Decline' }).click();
  await expect(page.getByRole('alert')).toHaveText('Tell the debtor why the later date is not granted.');
  const why = 'We can give at most 30 more days; a payment plan suits a longer wait.';
  await page.getByLabel('Message to the debtor').fill(why);
  await page.getByRole('button', { name: 'Decline' }).click();
  await expect(page.getByText('Your decision is saved.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Grant' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Sign out' }).click();

  await page.goto(claimUrl);
  await expect(page.getByTestId('deferral-answer')).toContainText('declined your request for a later pay-by date');
  await expect(page.getByTestId('deferral-answer')).toContainText(why);
});

test('a debtor asks a person to review a decision, the agent answers, the debtor reads the answer', async ({ page }, info) => {
  test.skip(info.project.name !== 'phone-js', 'the proposal is sent with the calculator; axe needs JavaScript');
  // The decision to look at again: the portal's own, to leave a 13-installment plan to the creditor.
  const debtor = fjellsportDebtor();
  await proposeThirteenInstallments(page, debtor);
  await page.goto('/language/en?next=/my-data');
  const option = page.locator('#review-decision option', { hasText: 'plan sent to the creditor' }).first();
  await page.getByLabel('Which decision?').selectOption((await option.getAttribute('value'))!);
  await page.getByLabel('What should the person know?').fill('My income has dropped; please look at my situation.');
  await page.getByRole('button', { name: 'Ask for a review' }).click();
  await expect(page.getByTestId('review-sent')).toBeVisible();

  await staffSignIn(page);
  await page.getByRole('link', { name: /^Review requests/ }).click();
  const row = page.getByTestId('queue-item').filter({ hasText: debtor.case });
  await row.getByRole('link', { name: debtor.case }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Review request ${debtor.case}`);
  await expect(page.getByTestId('review-explanation')).toHaveText('My income has dropped; please look at my situation.');
  await noSeriousAxeViolations(page);
  const answer = 'I have looked at your plan by hand: it stands, and you may ask for a pause if your income stops.';
  await page.getByLabel('Your answer to the debtor').fill(answer);
  await page.getByRole('button', { name: 'Send the answer' }).click();
  await expect(page.getByText('Your decision is saved.')).toBeVisible();
  await expect(page.getByTestId('decision')).toContainText(`Answered by ${AGENT.name}`);
  await page.getByRole('button', { name: 'Sign out' }).click();

  await page.goto('/my-data');
  await expect(page.getByTestId('review-answer').first()).toContainText(answer);
  await noSeriousAxeViolations(page);
});

test('an administrator previews the plan policy, manages staff accounts and imports claims', async ({ page }, info) => {
  test.skip(info.project.name !== 'phone-js', 'axe needs JavaScript; nothing is saved, other journeys use these rules');
  await staffSignIn(page, 'demo-nordljus-admin-2026', 'admin@nordljus.example');
  await page.getByRole('link', { name: 'Plan policy' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Plan policy');
  await expect(page.getByTestId('example-verdict')).toHaveAttribute('data-outcome', 'auto_approved');
  await noSeriousAxeViolations(page);
  await page.getByLabel('Most installments approved at once').fill('6');
  await page.getByRole('button', { name: 'Show the example' }).click();
  await expect(page.getByText('Not saved yet')).toBeVisible();
  await expect(page.getByTestId('example-row')).toHaveCount(6);
  await page.getByLabel('Fee for a plan').fill('171');
  await page.getByRole('button', { name: 'Save the policy' }).click();
  await expect(page.getByRole('alert')).toContainText('at most 170 kr');
  await expect(page.getByLabel('Fee for a plan')).toHaveValue('171');

  // Staff accounts: add one, see it, remove it (its own name: journeys run side by side).
  const eva = { name: `Eva Berg (${unique()})`, email: `eva.berg.${unique()}@nordljus.example` };
  await page.getByRole('link', { name: 'Staff accounts' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Staff accounts');
  await noSeriousAxeViolations(page);
  await page.getByLabel('Name', { exact: true }).fill(eva.name);
  await page.getByLabel('Email', { exact: true }).fill(eva.email);
  await page.getByLabel('Role', { exact: true }).selectOption('agent');
  await page.getByLabel('First password').fill('ett-långt-lösen-2026');
  await page.getByLabel('Your password (to confirm it is you)').fill('demo-nordljus-admin-2026');
  await page.getByRole('button', { name: 'Add the account' }).click();
  await expect(page.getByTestId('account-added')).toBeVisible();
  await page.getByRole('button', { name: `Remove ${eva.name}` }).click();
  await expect(page.getByTestId('account-removed')).toBeVisible();
  await expect(page.getByTestId('account').filter({ hasText: eva.email })).toHaveCount(0);

  // Importing claims: a file with a problem is refused line by line, and nothing is stored.
  await page.getByRole('link', { name: 'Import claims' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Import claims');
  await noSeriousAxeViolations(page);
  const csv = 'debtor_name,debtor_address,concerns,original_invoice,principal,due_date\nEva,Gatan 1,El,F-1,hundra,2026-10-01\n';
  await page.getByLabel('CSV file').setInputFiles({ name: 'claims.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByRole('button', { name: 'Import the claims' }).click();
  await expect(page.getByTestId('import-problem')).toHaveText(/^Line 2, principal: not an amount/);

  // API keys: made, shown once with a copy button, listed by its first characters, revoked.
  await page.getByRole('link', { name: 'API keys' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('API keys');
  await noSeriousAxeViolations(page);
  await makeAndRevokeKey(page, `Ledger sync (JS ${unique()})`);
  await page.getByRole('button', { name: 'Sign out' }).click();
});

/** Makes a key named `name` on the API keys page, checks it is shown once, then revokes it. */
async function makeAndRevokeKey(page: Page, name: string) {
  await page.getByLabel('Name of the system that will use it').fill(name);
  await page.getByLabel('Your password (to confirm it is you)').fill('demo-nordljus-admin-2026');
  await page.getByRole('button', { name: 'Make the key' }).click();
  await expect(page.getByRole('heading', { name: 'Your new key' })).toBeVisible();
  const key = await page.getByLabel('New API key', { exact: true }).inputValue();
  expect(key).toMatch(/^dpk_[0-9a-f]{64}$/);
  expect(page.url()).not.toContain(key);
  const row = page.getByTestId('api-key').filter({ hasText: name });
  await expect(row).toContainText(key.slice(0, 12));
  await expect(row).toContainText('Never');
  const api = await page.request.get(`/api/v1/claims/40010001`, { headers: { Authorization: `Bearer ${key}` } });
  expect(api.status()).toBe(200);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Your new key' })).toHaveCount(0);
  await expect(page.locator('body')).not.toContainText(key);
  await page.getByRole('button', { name: `Revoke the key ${name}` }).click();
  await expect(page.getByTestId('api-key-revoked')).toBeVisible();
  await expect(page.getByTestId('api-key').filter({ hasText: name })).toContainText('Revoked');
  const refused = await page.request.get(`/api/v1/claims/40010001`, { headers: { Authorization: `Bearer ${key}` } });
  expect(refused.status()).toBe(401);
}

test('an administrator makes and revokes an API key without JavaScript', async ({ page }, info) => {
  test.skip(info.project.name !== 'phone-no-js', 'the plain-form pages');
  await staffSignIn(page, 'demo-nordljus-admin-2026', 'admin@nordljus.example');
  await page.getByRole('link', { name: 'API keys' }).click();
  await makeAndRevokeKey(page, `Ledger sync (no JS ${unique()})`);
  await page.getByRole('button', { name: 'Sign out' }).click();
});

test('a claim sent through the API: the debtor proposes, the agent counter-proposes, the debtor accepts', async ({ page }, info) => {
  test.skip(info.project.name !== 'phone-js', 'the claim is registered once; the plain-form pages are checked elsewhere');
  // The creditor's system registers a claim (with the key `global-setup.ts` made).
  const letter = await registerClaim({
    debtor_name: 'Maja Strand', debtor_address: 'Hamngatan 2, 211 22 Malmö', debtor_language: 'en',
    concerns: 'Electricity, September 2026', principal: '12000.00', due_date: '2026-09-30', collection_fee: '180.00',
  });

  // The debtor signs in with the letter's code and proposes a plan the creditor must look at.
  await page.goto('/language/sv?next=/'); // the letter's page, in the debtor's default language
  const planUrl = await proposeThirteenInstallments(page, letter);

  // An agent answers with six installments instead.
  await staffSignIn(page, 'demo-nordljus-2026', 'handlaggare@nordljus.example');
  const row = page.getByTestId('queue-item').filter({ hasText: letter.case });
  await row.getByRole('link', { name: letter.case }).click();
  await page.getByLabel('Number of installments in the counter-proposal').fill('6');
  await page.getByLabel('Message with the counter-proposal').fill('We can agree to six months.');
  await page.getByRole('button', { name: 'Counter-proposal' }).click();
  await expect(page.getByTestId('counter-summary')).toContainText('6 installments');
  await page.getByRole('button', { name: 'Sign out' }).click();

  // The debtor (still signed in) reads it, accepts it, and it is their plan.
  await page.goto(`/language/en?next=${new URL(planUrl).pathname}`);
  await expect(page.getByRole('heading', { name: 'The creditor proposes another plan' })).toBeVisible();
  await expect(page.getByTestId('counter-note')).toHaveText('We can agree to six months.');
  await noSeriousAxeViolations(page);
  await page.getByRole('button', { name: "Accept the creditor's plan" }).click();
  await expect(page.getByText("You accepted the creditor's plan. It is your plan now.")).toBeVisible();
  await expect(page.getByTestId('open-plan')).toHaveAttribute('data-active', 'true');
  await expect(page.getByTestId('plan-row')).toHaveCount(6);
  const api = await page.request.get(`/api/v1/claims/${letter.case}`, {
    headers: { Authorization: `Bearer ${process.env.E2E_API_KEY}` },
  });
  expect((await api.json()).plan.installments).toBe(6);
});

test('staff sign-in works without JavaScript and says what went wrong', async ({ page }, info) => {
  test.skip(info.project.name !== 'phone-no-js', 'the plain-form pages');
  await staffSignIn(page, 'not-the-password');
  await expect(page.getByRole('alert')).toHaveText('The email address or the password is wrong.');
  await expect(page.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('Email').fill(AGENT.email);
  await page.getByLabel('Password').fill(AGENT.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Work queue');
  await expect(page.getByTestId('staff-signed-in')).toHaveText(`Signed in as ${AGENT.name} (Fjellsport Detalj AS)`);
  await page.getByRole('link', { name: /^Disputes/ }).click();
  await expect(page).toHaveURL(/kind=dispute/);
  await expect(page.getByRole('link', { name: /^Disputes/ })).toHaveAttribute('aria-current', 'page');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.goto('/staff/queue');
  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
});

test('the staff sign-in page passes axe', async ({ page }, info) => {
  test.skip(info.project.name !== 'phone-js', 'axe needs JavaScript in the page');
  await page.goto('/language/en?next=/staff');
  await noSeriousAxeViolations(page);
});

/**
 * The code an authenticator app holding `base32Key` shows at `seconds` (RFC 6238: SHA-1, 6 digits,
 * 30-second steps). The server's clock stands still in these journeys (FIXED_CLOCK), so the "app"
 * reads the same clock.
 */
function totpAt(base32Key: string, seconds: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of base32Key.replace(/[\s=]/g, '').toUpperCase()) bits += alphabet.indexOf(ch).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g)!.map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(seconds / 30)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

test('a new staff member chooses their own password and turns on two-step sign-in', async ({ page }, info) => {
  const now = Date.parse(process.env.E2E_FIXED_CLOCK!) / 1000;
  const js = info.project.name === 'phone-js';
  // An account of its own: the journeys share one database.
  const email = `new.agent.${unique()}@nordljus.example`;
  await staffSignIn(page, 'demo-nordljus-admin-2026', 'admin@nordljus.example');
  await page.getByRole('link', { name: 'Staff accounts' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Nils Ny');
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Role', { exact: true }).selectOption('agent');
  await page.getByLabel('First password').fill('given-by-admin-2026');
  await page.getByLabel('Your password (to confirm it is you)').fill('demo-nordljus-admin-2026');
  await page.getByRole('button', { name: 'Add the account' }).click();
  await expect(page.getByTestId('account-added')).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();

  // The first sign-in opens only the account page, until the password is the member's own.
  await staffSignIn(page, 'given-by-admin-2026', email);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your account');
  await expect(page.getByTestId('first-password')).toBeVisible();
  if (js) await noSeriousAxeViolations(page);
  await page.getByLabel('Current password').fill('given-by-admin-2026');
  await page.getByLabel('New password (at least 12 characters)').fill('Password1234');
  await page.getByLabel('New password again').fill('Password1234');
  await page.getByRole('button', { name: 'Change the password' }).click();
  await expect(page.getByTestId('account-error')).toContainText('common or leaked');
  await page.getByLabel('Current password').fill('given-by-admin-2026');
  await page.getByLabel('New password (at least 12 characters)').fill('nils-own-pass-2026');
  await page.getByLabel('New password again').fill('nils-own-pass-2026');
  await page.getByRole('button', { name: 'Change the password' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Work queue');

  // Two-step sign-in: the key from the account page into an "app", confirmed with a code.
  await page.getByRole('link', { name: 'Your account' }).click();
  await expect(page.getByRole('heading', { name: 'Two-step sign-in' })).toBeVisible();
  if (js) await noSeriousAxeViolations(page);
  const key = await page.getByTestId('totp-key').innerText();
  const enabling = totpAt(key, now);
  await page.getByLabel('Code from the app (6 digits)').fill(enabling);
  await page.getByLabel('Your password (to confirm it is you)').fill('nils-own-pass-2026');
  await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
  await expect(page.getByTestId('two-factor-enabled')).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();

  await staffSignIn(page, 'nils-own-pass-2026', email);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Code from your authenticator app');
  if (js) await noSeriousAxeViolations(page);
  await page.getByLabel('Code from the app (6 digits)').fill('000000');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('The code is not right');
  // The code that turned it on is spent (each code is good once); the next step's code, as a phone
  // whose clock runs a little ahead shows it, is taken.
  await page.getByLabel('Code from the app (6 digits)').fill(enabling);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('The code is not right');
  await page.getByLabel('Code from the app (6 digits)').fill(totpAt(key, now + 30));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Work queue');
});

/**
 * The preview in a real browser (Debian's Chromium driven by playwright-core), over the real stack: the HubSpot
 * sandbox with the S portfolio synced by Keyline, the API with its signature check, and the preview signing like
 * HubSpot. An account manager opens a Tier 1 account, a near-miss and a company Keyline knows nothing about, and uses
 * the card's actions; an admin previews and saves a scoring change; an executive reads the app page. Each view is saved
 * as a screenshot in docs/screenshots/ (the README shows them).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { KEYLINE_BASE_URL } from '@keyline/contract/keyline-base-url';
import { loadConfig } from '../../server/src/config';
import { serve, type ServeHandle } from '../../server/src/http/serve';
import { createServeParts } from '../../server/src/http/services-from-keyline';
import type { AccountSummary } from '../../server/src/store/store';
import { runSync } from '../../server/src/sync';
import { listPickableCompanies } from '../../preview/server/list-companies';
import { startPreview, type PreviewHandle } from '../../preview/server/serve-preview';
import { configFor, startWorld, type World } from '../e2e/harness';

/** Debian's Chromium (`apt-get install -y chromium`; .ci/run installs it when missing). */
const CHROMIUM = '/usr/bin/chromium';
/** The flags this machine needs: no sandbox as root, and no background connections (the network is closed). */
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const SCREENSHOTS = path.resolve(__dirname, '../../docs/screenshots');
const SLOW = 120_000;

let world: World;
let api: ServeHandle;
let preview: PreviewHandle;
let browser: BrowserContext;
let userDataDir: string;
let summaries: AccountSummary[];

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does it)`);
  world = await startWorld({ size: 'S', seed: 42 });
  const k = world.keyline;
  await k.gateway.setup({ lists: false });
  const run = await runSync(k, { mode: 'full' });
  expect(run.status).toBe('succeeded');
  summaries = await k.store.listSnapshotSummaries(k.portalId);

  const config = loadConfig({
    ...Object.fromEntries(Object.entries(configFor(world.sandbox, 'sqlite::memory:')).map(([key, value]) => [key, String(value)])),
    HUBSPOT_CLIENT_SECRET: 'preview-test-secret-0123456789',
    PUBLIC_BASE_URL: KEYLINE_BASE_URL,
    OPERATOR_TOKEN: 'preview-test-operator-token',
    PORT: '0',
  });
  api = await serve(config, { ...createServeParts(k), close: async () => undefined }, { handleSignals: false, host: '127.0.0.1' });
  preview = await startPreview({
    apiBaseUrl: `http://127.0.0.1:${api.port}`,
    publicBaseUrl: KEYLINE_BASE_URL,
    clientSecret: 'preview-test-secret-0123456789',
    portalId: k.portalId,
    listCompanies: (query) => listPickableCompanies(k.store, k.portalId, query),
  });
  userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyline-chromium-'));
  browser = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1440, height: 1000 },
  });
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
}, SLOW);

afterAll(async () => {
  await browser?.close();
  await preview?.close();
  await api?.shutdown('test done');
  await world?.close();
  if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true });
});

const pageErrors = new WeakMap<Page, string[]>();

/** A fresh tab on a view of the preview, which says it is a local preview. */
async function open(query: string): Promise<Page> {
  const page = await browser.newPage();
  const errors: string[] = [];
  pageErrors.set(page, errors);
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${preview.url}?${query}`);
  await expect(page.getByTestId('preview-banner').textContent()).resolves.toContain('Local preview — this is not HubSpot');
  return page;
}

/** Closes the tab; the page must not have thrown anything meanwhile. */
async function done(page: Page): Promise<void> {
  await page.close();
  expect(pageErrors.get(page)).toEqual([]);
}

const text = (locator: Locator) => locator.innerText();

/** Saves a screenshot: the whole page, one element, or the box around several (at most maxHeight tall). */
async function shot(page: Page, name: string, ...options: [] | [Locator] | [Locator[], number]): Promise<void> {
  await page.evaluate('document.fonts.ready');
  const file = path.join(SCREENSHOTS, name);
  const [target, maxHeight] = options;
  if (target === undefined) return void (await page.screenshot({ path: file, fullPage: true }));
  if (!Array.isArray(target)) return void (await target.screenshot({ path: file }));
  const boxes = (await Promise.all(target.map((locator) => locator.boundingBox()))).flatMap((box) => (box === null ? [] : [box]));
  const x = Math.min(...boxes.map((b) => b.x)) - 8;
  const y = Math.min(...boxes.map((b) => b.y)) - 8;
  const width = Math.max(...boxes.map((b) => b.x + b.width)) + 8 - x;
  const height = Math.min(maxHeight ?? Number.POSITIVE_INFINITY, Math.max(...boxes.map((b) => b.y + b.height)) + 8 - y);
  await page.screenshot({ path: file, fullPage: true, clip: { x, y, width, height } });
}

/** Waits for the host alert with this title and returns its text. */
async function alertTitled(card: Locator, title: string): Promise<string> {
  const alert = card.getByTestId('host-alert').filter({ hasText: title }).first();
  try {
    await alert.waitFor({ timeout: 20_000 });
  } catch (error) {
    // Say what the card showed and what it asked the API for, not only that the alert never came.
    const activity = (await card.page().getByTestId('activity-log').textContent()) ?? '';
    const alerts = await card.getByTestId('host-alert').allInnerTexts();
    throw new Error(`no "${title}" alert; alerts shown: ${JSON.stringify(alerts)}; activity: ${activity}`, { cause: error });
  }
  return text(alert);
}

describe('the preview, for an account manager', () => {
  test('when a Tier 1 account is opened, then its tier, score, reasons, stakeholders and cadence show in the tab card and the sidebar, and the actions work', async () => {
    const account = summaries.filter((s) => s.tier === 'tier_1' && !s.nearMiss && s.override === null).sort((a, b) => b.score - a.score)[0];
    if (account === undefined) throw new Error('the S portfolio has no Tier 1 account');
    const page = await open(`view=record&company=${account.companyId}`);
    const tab = page.getByTestId('tab-card');
    const sidebar = page.getByTestId('sidebar-card');

    await expect(text(tab.getByTestId('tier-badge'))).resolves.toBe('Tier 1 · Strategic');
    await expect(text(sidebar.getByTestId('tier-badge'))).resolves.toBe('Tier 1 · Strategic');
    await expect(text(tab.getByTestId('score'))).resolves.toContain(String(Math.floor(account.score)));
    await expect(text(tab.getByTestId('reasons'))).resolves.toMatch(/^Tier 1 · Strategic, score/);
    await expect(tab.getByTestId('score-breakdown').locator('tbody tr').count()).resolves.toBeGreaterThan(5);
    await expect(tab.getByTestId('stakeholder-table').locator('tbody tr').count()).resolves.toBeGreaterThan(0);
    await expect(text(tab.getByTestId('cadence-rules'))).resolves.toContain('Any touch');
    await expect(page.getByTestId('group-tier-1').getByTestId(`pick-${account.companyId}`).getAttribute('class')).resolves.toContain('pv-company-selected');
    await shot(page, 'record-tier-1.png');
    await shot(page, 'card-tier-1.png', [page.locator('.pv-record-main'), page.locator('.pv-record-sidebar')], 980);

    await tab.getByTestId('recompute').click();
    await expect(alertTitled(tab, 'Recomputed')).resolves.toContain('Tier 1 · Strategic');

    // A general follow-up, beside the tasks the sync opened for the account's gaps.
    await tab.getByTestId('follow-up-select').selectOption({ label: 'General follow-up' });
    await tab.getByTestId('create-task').click();
    await expect(alertTitled(tab, 'Follow-up task created')).resolves.toContain('assigned to the account owner');
    // The card reloads the account after the alert: the list shows the new task once that answer has arrived.
    await tab.getByTestId('open-tasks').filter({ hasText: 'Follow up with' }).waitFor({ timeout: 20_000 });
    await expect(text(tab.getByTestId('open-tasks'))).resolves.toContain('Follow up with');

    await tab.getByTestId('override-select').selectOption({ label: 'Tier 2 · Growth' });
    await tab.getByTestId('set-override').click();
    await expect(alertTitled(tab, 'Override set')).resolves.toContain('Tier 2 · Growth');
    await tab.getByTestId('tier-badge').filter({ hasText: 'Tier 2 · Growth' }).waitFor({ timeout: 20_000 });
    await expect(text(tab.getByTestId('tier-badge'))).resolves.toBe('Tier 2 · Growth');
    await expect(text(tab.getByTestId('override-tag'))).resolves.toContain('computed Tier 1 · Strategic');
    await tab.getByTestId('clear-override').click();
    await expect(alertTitled(tab, 'Override cleared')).resolves.toContain('Tier 1 · Strategic');
    await tab.getByTestId('tier-badge').filter({ hasText: 'Tier 1 · Strategic' }).waitFor({ timeout: 20_000 });
    await expect(text(tab.getByTestId('tier-badge'))).resolves.toBe('Tier 1 · Strategic');
    await done(page);
  }, SLOW);

  test('when a Tier 1 account manager writes the account plan on the card, then it is saved, shown with its review date, and the account’s share of the owner’s time shows below', async () => {
    const account = summaries.filter((s) => s.tier === 'tier_1' && !s.nearMiss && s.override === null).sort((a, b) => b.score - a.score)[1];
    if (account === undefined) throw new Error('the S portfolio has fewer than two Tier 1 accounts');
    const page = await open(`view=record&company=${account.companyId}`);
    const tab = page.getByTestId('tab-card');
    await tab.getByTestId('plan-status').waitFor({ timeout: 20_000 });
    await expect(text(tab.getByTestId('attention-sentence'))).resolves.toMatch(/time/);

    await tab.getByTestId('plan-edit').click();
    await tab.getByTestId('plan-objectives').fill('Roll out to the EMEA sites by Q3; executive sponsor in place');
    await tab.getByTestId('plan-currentIssues').fill('Slow answers from support since the migration');
    await tab.getByTestId('plan-upsellPlan').fill('Analytics add-on once the EMEA roll-out is live');
    await tab.getByTestId('plan-nextReviewDate').fill('2027-02-30');
    await tab.getByTestId('plan-save').click();
    await expect(text(tab.getByTestId('plan-error'))).resolves.toContain('Some fields need a change');
    await expect(text(tab.getByTestId('account-plan'))).resolves.toContain('must be a real calendar day');
    await tab.getByTestId('plan-nextReviewDate').fill('2026-12-01');
    await tab.getByTestId('plan-save').click();
    await expect(alertTitled(tab, 'Account plan saved')).resolves.toContain('kept on the company in HubSpot');
    await tab.getByTestId('plan-objectives-text').waitFor({ timeout: 20_000 });
    await expect(text(tab.getByTestId('plan-objectives-text'))).resolves.toBe('Roll out to the EMEA sites by Q3; executive sponsor in place');
    await expect(text(tab.getByTestId('plan-next-review-text'))).resolves.toBe('2026-12-01');
    await expect(text(tab.getByTestId('plan-status'))).resolves.toBe('Review due soon');
    expect(world.sandbox.store.get('companies', account.companyId)?.properties['keyline_plan_next_review']).toBe('2026-12-01');
    // The clip is measured from the top of the page: scroll back there after the form scrolled it.
    await page.evaluate('window.scrollTo(0, 0)');
    await shot(page, 'card-plan-attention.png', [tab.getByTestId('account-plan'), tab.getByTestId('attention')], 900);
    await done(page);
  }, SLOW);

  test('when a near-miss is opened, then the card says how far it is from the next tier and what would close the gap', async () => {
    const { groups } = await listPickableCompanies(world.keyline.store, world.keyline.portalId, null);
    const account = groups.find((group) => group.key === 'near-miss')?.companies[0];
    if (account === undefined) throw new Error('the S portfolio has no near-miss');
    const page = await open('view=record');
    await page.getByTestId('group-near-miss').getByTestId(`pick-${account.companyId}`).click();
    const tab = page.getByTestId('tab-card');

    const nearMiss = await text(tab.getByTestId('near-miss'));
    expect(nearMiss).toMatch(/^Near-miss: [\d.]+ points below Tier \d/);
    expect(nearMiss).toContain('What would close the gap:');
    expect(nearMiss).toMatch(/\(\+[\d.]+ points\)/);
    await expect(text(page.getByTestId('sidebar-card').getByTestId('near-miss-tag'))).resolves.toBe('Near-miss');
    expect(page.url()).toContain(`company=${account.companyId}`);
    await shot(page, 'record-near-miss.png');
    await shot(page, 'card-near-miss.png', tab);
    await done(page);
  }, SLOW);

  test('when a company Keyline has never scored is opened, then the card says so, and "Compute now" scores it with what little HubSpot holds', async () => {
    const created = world.sandbox.store.create('companies', { name: 'Brand-new Prospect Ltd' });
    const page = await open('view=record');
    await page.getByTestId('company-id').fill(created.id);
    await page.getByTestId('open-company').click();
    const tab = page.getByTestId('tab-card');

    await expect(text(tab.getByTestId('account-not-computed'))).resolves.toContain('Keyline has not scored this company yet');
    await shot(page, 'card-not-computed.png', tab);
    await tab.getByTestId('compute-now').click();
    await expect(alertTitled(tab, 'Recomputed')).resolves.toContain('Tier 3 · Maintain');
    await expect(text(tab.getByTestId('tier-badge'))).resolves.toBe('Tier 3 · Maintain');
    await expect(text(tab)).resolves.toContain('Low confidence');
    await expect(text(tab.getByTestId('score-breakdown'))).resolves.toContain('(no data)');
    await expect(text(tab)).resolves.toContain('No contacts are associated with this company yet.');
    await shot(page, 'card-no-data.png', tab);
    await done(page);
  }, SLOW);
});

describe('the preview, for an executive', () => {
  test('when the app page opens, then the portfolio shows by tier with charts, and the near-miss pipeline and owners pages follow the filters', async () => {
    const page = await open('view=pages');
    const app = page.getByTestId('app-page');
    await app.getByTestId('tier-chart').waitFor();
    const scored = await world.keyline.store.countSnapshots(world.keyline.portalId);
    await expect(text(app.getByTestId('portfolio-kpis').locator('.hs-stat-number').first())).resolves.toBe(String(scored));
    await expect(app.getByTestId('tier-chart').locator('.hs-chart-bar').count()).resolves.toBe(3);
    await expect(app.getByTestId('overview-near-misses').locator('tbody tr').count()).resolves.toBeGreaterThan(0);
    const firstLink = app.getByTestId('overview-near-misses').locator('a').first();
    await expect(firstLink.getAttribute('href')).resolves.toMatch(/^https:\/\/app\.hubspot\.com\/contacts\/\d+\/record\/0-2\/\d+$/);
    await shot(page, 'app-page-overview.png');

    await app.getByRole('link', { name: 'Near-miss pipeline' }).click();
    await app.getByTestId('near-miss-table').waitFor();
    await app.getByTestId('tier-filter').selectOption({ label: 'Tier 2 · Growth' });
    await page.waitForURL(/page=%2Fnear-misses.*p\.tier=tier_2/);
    // The filtered list arrives with the page's reload after the URL changes: read it once it has come (or 10 s passed).
    const tierCells = app.getByTestId('near-miss-table').locator('tbody tr td:nth-child(3)');
    let tiers = await tierCells.allInnerTexts();
    for (let waited = 0; waited < 10_000 && (tiers.length === 0 || tiers.some((t) => t !== 'Tier 2 · Growth')); waited += 200) {
      await page.waitForTimeout(200);
      tiers = await tierCells.allInnerTexts();
    }
    expect(tiers.length).toBeGreaterThan(0);
    expect(new Set(tiers)).toEqual(new Set(['Tier 2 · Growth']));
    await shot(page, 'app-page-near-misses.png');

    await app.getByRole('link', { name: 'Owners and capacity' }).click();
    await app.getByTestId('owner-table').waitFor();
    await expect(app.getByTestId('owner-table').locator('tbody tr').count()).resolves.toBeGreaterThan(1);
    await app.getByTestId('owner-chart').waitFor();
    expect(page.url()).toContain('p.tier=tier_2');
    await shot(page, 'app-page-owners.png');
    await done(page);
  }, SLOW);
});

describe('the preview, for an admin', () => {
  test('when the Tier 1 threshold is raised in the settings page, then the preview says how many accounts would change tier, and saving asks first and then saves', async () => {
    const page = await open('view=settings');
    const settings = page.getByTestId('settings-page');
    const threshold = settings.getByTestId('field-thresholds.tier_1');
    await threshold.waitFor();
    await shot(page, 'settings-page.png', page.locator('.pv-page'));
    const current = Number(await threshold.inputValue());
    await threshold.fill(String(current + 5));
    await settings.getByTestId('preview-button').click();
    const summary = await text(settings.getByTestId('preview-summary'));
    const scored = await world.keyline.store.countSnapshots(world.keyline.portalId);
    expect(summary).toMatch(new RegExp(`^\\d+ of ${scored} accounts would change tier\\.$`));
    expect(Number(summary.split(' ')[0])).toBeGreaterThan(0);
    await settings.getByTestId('preview').scrollIntoViewIfNeeded();
    await shot(page, 'settings-preview.png', settings.getByTestId('preview'));
    await settings.getByTestId('save-button').click();
    await settings.getByTestId('confirm-save').waitFor();
    await settings.getByTestId('confirm-save-button').click();
    await expect(alertTitled(settings, 'Scoring model saved')).resolves.toContain('next sync');
    await expect(threshold.inputValue()).resolves.toBe(String(current + 5));
    await done(page);
  }, SLOW);
});

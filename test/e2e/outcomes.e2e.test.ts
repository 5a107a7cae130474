/**
 * Outcomes over the sandbox's S portfolio (issue #15): a completed sync records the month's KPI history (one row per
 * tier and owner; a second run of the month replaces it), the report and the API show it, `keyline review --json`
 * reports per tier and per criterion with sample sizes, and a due review becomes ONE reminder task for the model's
 * owner, completed by the sync after a review has been run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CRITERIA } from '@keyline/contract/vocabulary';
import { portfolioViewSchema } from '@keyline/contract/portfolio-view';
import { reviewViewSchema } from '@keyline/contract/review-view';
import { main } from '../../server/src/cli/main';
import { DEFAULT_SCORING_MODEL, scoringModelVersion } from '../../server/src/domain';
import { runSync } from '../../server/src/sync';
import { keylineTasks, NOW, startWorld, type World } from './harness';

jest.setTimeout(300_000);

const REMINDER = 'keyline:gap=portal/model_review:2026-Q4';

describe('outcomes on the S portfolio', () => {
  const saved = { ...process.env };
  let dir: string;
  let world: World;
  let out: string[] = [];
  let companies: number;
  let ownerId: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'keyline-outcomes-'));
    const databaseUrl = `sqlite:${path.join(dir, 'keyline.sqlite')}`;
    world = await startWorld({ size: 'S', databaseUrl });
    await world.keyline.gateway.setup({ lists: false });
    companies = world.sandbox.store.list('companies').length;
    ownerId = world.sandbox.store.owners()[0]?.id ?? '';
    // The model names its reviewer; the last review was in July, so one is due (quarterly) on the first sync.
    const model = { ...DEFAULT_SCORING_MODEL, review: { cadence_months: 3, owner_id: ownerId } };
    await world.keyline.store.saveSettings(world.keyline.portalId, { version: scoringModelVersion(model), model, savedBy: 'test', expectedVersion: null });
    await world.keyline.store.recordModelReview(world.keyline.portalId, new Date('2026-07-01T09:00:00Z'), 'test');
    Object.assign(process.env, {
      HUBSPOT_BASE_URL: world.sandbox.baseUrl,
      HUBSPOT_ACCESS_TOKEN: world.sandbox.token,
      HUBSPOT_PORTAL_ID: world.sandbox.portalId,
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: 'error',
    });
  });

  afterAll(async () => {
    process.env = { ...saved };
    await world.close();
    rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(() => {
    jest.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
      out.push(String(s));
      return true;
    });
    jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => {
    jest.restoreAllMocks();
    process.exitCode = undefined;
  });

  const cli = async (...args: string[]): Promise<string> => {
    out = [];
    expect(await main(['node', 'keyline', ...args])).toBe(0);
    return out.join('');
  };

  it('when a full sync completes, then the month has one KPI row per tier and owner that add up to every company, and a review reminder goes to the model owner', async () => {
    const run = await runSync(world.keyline, { mode: 'full' });
    expect(run.status).toBe('succeeded');
    const rows = await world.keyline.store.listKpiHistory(world.keyline.portalId);
    expect(rows.length).toBeGreaterThan(3);
    expect(new Set(rows.map((r) => r.month))).toEqual(new Set([NOW.toISOString().slice(0, 7)]));
    expect(new Set(rows.map((r) => `${r.tier}/${r.ownerId ?? ''}`)).size).toBe(rows.length);
    expect(rows.reduce((n, r) => n + r.samples.accounts, 0)).toBe(companies);
    expect(run.details['kpiHistory']).toEqual({ month: '2026-11', rows: rows.length });

    const reminder = keylineTasks(world.sandbox).get(REMINDER);
    expect(reminder?.ids).toHaveLength(1);
    const task = world.sandbox.store.list('tasks').find((t) => t.id === reminder?.ids[0]);
    expect(task?.properties['hubspot_owner_id']).toBe(ownerId);
    expect(run.details['modelReview']).toEqual({ action: 'created', gapKey: 'model_review:2026-Q4' });
  });

  it('when another sync of the month completes, then the month is replaced (no second row per group) and no second reminder is made', async () => {
    const before = await world.keyline.store.listKpiHistory(world.keyline.portalId);
    const run = await runSync(world.keyline, { mode: 'incremental' });
    expect(run.status).toBe('succeeded');
    const after = await world.keyline.store.listKpiHistory(world.keyline.portalId);
    expect(after.map((r) => [r.tier, r.ownerId, r.samples.accounts])).toEqual(before.map((r) => [r.tier, r.ownerId, r.samples.accounts]));
    expect(keylineTasks(world.sandbox).get(REMINDER)?.ids).toHaveLength(1);
  });

  it('when the report is asked for, then it has the Outcomes section and its JSON holds the KPIs by tier with samples summing to the portfolio', async () => {
    const text = await cli('report');
    expect(text).toContain('Outcomes (2026-11');
    expect(text).toContain('Trend (last 1 month recorded)');
    const view = portfolioViewSchema.parse(JSON.parse(await cli('--json', 'report')));
    expect(view.kpis.month).toBe('2026-11');
    expect(view.kpis.byTier.reduce((n, t) => n + t.samples.accounts, 0)).toBe(companies);
    expect(view.kpis.total.samples.accounts).toBe(companies);
    expect(view.kpis.history.map((m) => m.month)).toEqual(['2026-11']);
  });

  it('when keyline review --json runs, then it reports every tier against the rest and every criterion with its sample sizes', async () => {
    const review = reviewViewSchema.parse(JSON.parse(await cli('review', '--json')));
    expect(review.accounts).toBe(companies);
    expect(review.tiers.map((t) => t.tier)).toEqual(['tier_1', 'tier_2', 'tier_3']);
    for (const t of review.tiers) expect(t.kpis.samples.accounts + t.rest.samples.accounts).toBe(companies);
    expect(review.criteria.map((c) => c.criterion)).toEqual([...CRITERIA]);
    for (const c of review.criteria) {
      expect(c.grown).toBeLessThanOrEqual(review.grown);
      expect(c.shrunk).toBeLessThanOrEqual(review.shrunk);
      expect(c.warning !== null).toBe(c.grown < 30 || c.shrunk < 30);
    }
    expect(review.previousReview).toBe('2026-07-01T09:00:00.000Z');
    const text = await cli('review');
    expect(text).toContain('Each criterion: do its points separate accounts that grew from accounts that shrank?');
  });

  it('when a sync runs after the review, then the reminder is completed in HubSpot and no new one is made this quarter', async () => {
    const run = await runSync(world.keyline, { mode: 'incremental' });
    expect(run.details['modelReview']).toEqual({ action: 'closed', gapKey: 'model_review:2026-Q4' });
    expect(keylineTasks(world.sandbox).get(REMINDER)).toEqual({ ids: [expect.any(String)], statuses: ['COMPLETED'] });
    const next = await runSync(world.keyline, { mode: 'incremental' });
    expect(next.details['modelReview']).toMatchObject({ action: 'none' });
    expect(keylineTasks(world.sandbox).get(REMINDER)?.ids).toHaveLength(1);
  });
});

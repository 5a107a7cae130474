/**
 * People by name: after a sync against the sandbox, the report, `explain`, the portfolio API and the account view
 * name each owner as HubSpot's owners API does (ids beside the names), the report lists owners under the minimum as
 * well as over the cap, and `keyline report --json` prints exactly what `GET /api/v1/portfolio` answers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import winston from 'winston';
import { accountViewSchema } from '@keyline/contract/account-view';
import { portfolioViewSchema, type PortfolioView } from '@keyline/contract/portfolio-view';
import { main } from '../../server/src/cli/main';
import { createApp } from '../../server/src/http/app';
import { servicesFromKeyline } from '../../server/src/http/services-from-keyline';
import { runSync } from '../../server/src/sync';
import { TEST_BASE_URL, TEST_OPERATOR_TOKEN, TEST_SECRET, signedCall } from '../api/support/signed-client';
import { startWorld, type World } from './harness';

jest.setTimeout(180_000);

describe('owners by name, one portfolio shape', () => {
  const saved = { ...process.env };
  let dir: string;
  let world: World;
  let app: ReturnType<typeof createApp>['app'];
  /** HubSpot's names of the sandbox's owners: id → "First Last". */
  let names: Map<string, string>;
  let out: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'keyline-owners-'));
    const databaseUrl = `sqlite:${path.join(dir, 'keyline.sqlite')}`;
    world = await startWorld({ size: 'XS', databaseUrl });
    await world.keyline.gateway.setup({ lists: false });
    world.sandbox.ledger.reset();
    await runSync(world.keyline, { mode: 'full' });
    names = new Map(world.sandbox.store.owners().map((o) => [o.id, `${o.firstName} ${o.lastName}`]));
    const quiet = winston.createLogger({ level: 'error', silent: true });
    ({ app } = createApp({
      services: servicesFromKeyline(world.keyline),
      auth: { clientSecret: TEST_SECRET, publicBaseUrl: TEST_BASE_URL, portalId: world.sandbox.portalId, operatorToken: TEST_OPERATOR_TOKEN },
      logger: quiet,
      processMetrics: false,
      rateLimit: { limit: 600, windowMs: 60_000 },
    }));
    // The command line opens the same store (the report and explain read only the store).
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
    out = [];
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
  const apiPortfolio = async (query = ''): Promise<PortfolioView> => {
    const res = await signedCall(app, { method: 'GET', path: `/api/v1/portfolio${query}`, portalId: world.sandbox.portalId });
    expect(res.status).toBe(200);
    return portfolioViewSchema.parse(res.body);
  };

  it('when a sync ran, then HubSpot’s owners API was read once for the whole run', () => {
    expect(world.sandbox.ledger.snapshot().byEndpoint['GET /crm/owners/2026-09']?.calls).toBe(1);
  });

  it('when report --json is asked for, then it prints exactly the body of GET /api/v1/portfolio for the same store', async () => {
    const printed = JSON.parse(await cli('--json', 'report')) as unknown;
    const body = await apiPortfolio();
    expect(printed).toEqual(body);
    expect(portfolioViewSchema.parse(printed).accounts).toBe(world.sandbox.store.list('companies').length);
  });

  it('when the portfolio is read, then every owner and every listed account carries the name HubSpot gives, beside the id', async () => {
    const view = await apiPortfolio();
    expect(view.owners.length).toBeGreaterThan(0);
    for (const o of view.owners) expect(o.ownerName).toBe(names.get(o.ownerId) ?? `Owner ${o.ownerId}`);
    for (const id of view.ownerIds) expect(view.ownerNames[id]).toBe(names.get(id) ?? `Owner ${id}`);
    const listed = [...view.nearMiss, ...view.overdue, ...view.singleThreaded];
    expect(listed.length).toBeGreaterThan(0);
    for (const a of listed) expect(a.ownerName).toBe(a.ownerId === null ? null : (names.get(a.ownerId) ?? `Owner ${a.ownerId}`));
    // Names are the point: at least the sandbox's owners who hold accounts are named, not numbered.
    expect(view.owners.some((o) => names.has(o.ownerId) && !/^Owner \d+$/.test(o.ownerName))).toBe(true);
  });

  it('when the text report is printed, then owners under the minimum are listed by name with their tier-1 count', async () => {
    const view = await apiPortfolio();
    const under = view.owners.filter((o) => o.status === 'under');
    expect(under.length).toBeGreaterThan(0);
    const text = await cli('report');
    expect(text).toContain(`Owners under the minimum (fewer than ${under[0]?.min} tier-1 accounts): ${under.length}`);
    for (const o of under) {
      const who = names.has(o.ownerId) ? `${o.ownerName} (${o.ownerId})` : `Owner ${o.ownerId} (name unknown)`;
      expect(text).toContain(`${who}: ${o.tier1Accounts} tier-1 account`);
    }
    expect(text).toMatch(/Owners over capacity \(more than \d+ tier-1 accounts\): \d+/);
    // The accounts in the lists name their owners too.
    const first = view.singleThreaded[0] ?? view.overdue[0] ?? view.nearMiss[0];
    if (first?.ownerName) expect(text).toContain(`owner ${first.ownerName}`);
  });

  it('when an account is explained or viewed, then its owner is named', async () => {
    const owned = (await world.keyline.store.listSnapshotSummaries(world.keyline.portalId)).find((s) => s.ownerId !== null && names.has(s.ownerId));
    if (!owned?.ownerId) throw new Error('the XS portfolio has an owned account');
    const name = names.get(owned.ownerId) ?? '';
    const text = await cli('explain', owned.companyId);
    expect(text.split('\n')[0]).toContain(`owner ${name} (${owned.ownerId})`);
    const json = JSON.parse(await cli('--json', 'explain', owned.companyId)) as { ownerId: string; ownerName: string };
    expect(json).toMatchObject({ ownerId: owned.ownerId, ownerName: name });
    const res = await signedCall(app, { method: 'GET', path: `/api/v1/accounts/${owned.companyId}`, portalId: world.sandbox.portalId });
    expect(res.status).toBe(200);
    expect(accountViewSchema.parse(res.body)).toMatchObject({ ownerId: owned.ownerId, ownerName: name });
  });
});

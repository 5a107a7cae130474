/**
 * A signed request that changes state is accepted once. HubSpot's signature has no nonce, so the same signed bytes
 * could be sent again for 5 minutes: the API remembers each accepted signature until its timestamp leaves the window
 * and refuses the second one (409 replayed_request) before the route runs. Reads are never refused, and a user's retry
 * (a new call, so a new timestamp and signature) is a new request.
 */
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { apiErrorSchema } from '@keyline/contract/account-view';
import { silenceLogger } from '../../server/src/logger';
import { rememberInMemory, rememberInStore, type SeenSignatures } from '../../server/src/http/seen-signatures';
import { openStore } from '../../server/src/store/open-store';
import type { Store } from '../../server/src/store/store';
import { createFakeWorld } from './support/fake-services';
import { documentedV3Signature, signedCall, TEST_BASE_URL, TEST_SECRET, withIdentity, type SignedCall } from './support/signed-client';
import { buildTestApp } from './support/test-app';

silenceLogger();

const WRITES: [string, SignedCall][] = [
  ['an override', { method: 'PUT', path: '/api/v1/accounts/1001/override', body: { tier: 'tier_1' } }],
  ['a follow-up task', { method: 'POST', path: '/api/v1/accounts/1001/tasks', body: { gapKey: 'missing_role:DECISION_MAKER' } }],
  ['a recompute', { method: 'POST', path: '/api/v1/accounts/1001/recompute' }],
];

describe('replayed signed requests', () => {
  it.each(WRITES)('when %s is sent twice with the same signature, then the second is 409 replayed_request and changes nothing', async (_what, call) => {
    const { app, world } = buildTestApp();
    const timestamp = Date.now();
    const first = await signedCall(app, { ...call, timestamp });
    expect(first.status).toBeLessThan(300);
    const writesAfterFirst = world.writes.length;
    expect(writesAfterFirst).toBe(1);

    const replay = await signedCall(app, { ...call, timestamp });
    expect(replay.status).toBe(409);
    const body = apiErrorSchema.parse(replay.body);
    expect(body.error.code).toBe('replayed_request');
    expect(body.error.message).toMatch(/already accepted/);
    expect(world.writes).toHaveLength(writesAfterFirst);
  });

  it('when a settings save is replayed, then 409 replayed_request and no second version is saved', async () => {
    const world = createFakeWorld();
    const { app } = buildTestApp({}, world);
    const current = await signedCall(app, { method: 'GET', path: '/api/v1/settings' });
    const call: SignedCall = {
      method: 'PUT',
      path: '/api/v1/settings',
      body: { model: current.body.model, expectedVersion: current.body.version },
      timestamp: Date.now(),
    };
    expect((await signedCall(app, call)).status).toBe(200);
    const saves = world.writes.length;
    const replay = await signedCall(app, call);
    expect(replay.status).toBe(409);
    expect(replay.body.error.code).toBe('replayed_request');
    expect(world.writes).toHaveLength(saves);
  });

  it('when the user clicks again (a new call, signed with a new timestamp), then it is accepted', async () => {
    const { app, world } = buildTestApp();
    const call = WRITES[0]![1];
    const t = Date.now();
    expect((await signedCall(app, { ...call, timestamp: t })).status).toBe(200);
    expect((await signedCall(app, { ...call, timestamp: t + 1 })).status).toBe(200);
    expect(world.writes).toHaveLength(2);
  });

  it('when the same signed GET is sent again, then it is answered again (reads are idempotent)', async () => {
    const { app } = buildTestApp();
    const call: SignedCall = { method: 'GET', path: '/api/v1/accounts/1001', timestamp: Date.now() };
    expect((await signedCall(app, call)).status).toBe(200);
    expect((await signedCall(app, call)).status).toBe(200);
  });

  it('when the same signed request arrives five times at once, then exactly one is accepted', async () => {
    const { app, world } = buildTestApp();
    const call = { ...WRITES[0]![1], timestamp: Date.now() };
    const answers = await Promise.all([1, 2, 3, 4, 5].map(() => signedCall(app, call)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409, 409, 409]);
    expect(world.writes).toHaveLength(1);
  });

  it('when a replay spells the same signature differently (URL-safe base64, no padding), then it is still refused', async () => {
    const { app, world } = buildTestApp();
    const path = withIdentity('/api/v1/accounts/1001/override');
    const body = JSON.stringify({ tier: 'tier_2' });
    const timestamp = Date.now();
    const signature = documentedV3Signature(TEST_SECRET, 'PUT', `${TEST_BASE_URL}${path}`, body, timestamp);
    const send = (sig: string) =>
      request(app)
        .put(path)
        .set('X-HubSpot-Signature-v3', sig)
        .set('X-HubSpot-Request-Timestamp', String(timestamp))
        .set('Content-Type', 'application/json')
        .send(body);
    expect((await send(signature)).status).toBe(200);
    const urlSafe = signature.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    const replay = await send(urlSafe);
    expect(replay.status).toBe(409);
    expect(world.writes).toHaveLength(1);
  });

  it('when the route fails on our side (5xx), then the same signed request may be sent again (HubSpot retries once)', async () => {
    const { app, world } = buildTestApp();
    const call = { ...WRITES[0]![1], timestamp: Date.now() };
    world.explode = new Error('store went away');
    expect((await signedCall(app, call)).status).toBe(500);
    world.explode = null;
    expect((await signedCall(app, call)).status).toBe(200);
    expect((await signedCall(app, call)).status).toBe(409);
    expect(world.writes).toHaveLength(1);
  });

  it('when the request is refused for its content (4xx), then sending the same bytes again is refused as a replay, not re-examined', async () => {
    const { app, world } = buildTestApp();
    const call: SignedCall = { method: 'PUT', path: '/api/v1/accounts/1001/override', body: { tier: 'tier_9' }, timestamp: Date.now() };
    expect((await signedCall(app, call)).status).toBe(400);
    expect((await signedCall(app, call)).status).toBe(409);
    expect(world.writes).toEqual([]);
  });

  it('when the memory of signatures cannot be reached, then 503 store_unavailable and nothing is changed', async () => {
    const broken: SeenSignatures = {
      claim: async () => {
        throw new Error('connection terminated');
      },
      release: async () => undefined,
    };
    const { app, world } = buildTestApp({ seenSignatures: broken });
    const res = await signedCall(app, WRITES[0]![1]);
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('store_unavailable');
    expect(res.text).not.toMatch(/connection terminated/);
    expect(world.writes).toEqual([]);
    // Reads do not need it.
    expect((await signedCall(app, { method: 'GET', path: '/api/v1/accounts/1001' })).status).toBe(200);
  });
});

describe('the memory of accepted signatures', () => {
  it('when a signature leaves the 5-minute window, then its record is forgotten and the memory stays bounded', async () => {
    const memory = rememberInMemory({ capacityPerPortal: 3 });
    const t = 1_800_000_000_000;
    expect(await memory.claim('p', 'a', t + 300_000, t)).toBe('claimed');
    expect(await memory.claim('p', 'a', t + 300_000, t + 299_999)).toBe('replayed');
    expect(await memory.claim('p', 'b', t + 300_000, t)).toBe('claimed');
    expect(await memory.claim('p', 'c', t + 310_000, t)).toBe('claimed');
    // Full of live records: refused, never forgotten early (forgetting would let a replay through).
    expect(await memory.claim('p', 'd', t + 310_000, t + 1)).toBe('full');
    expect(await memory.claim('other', 'd', t + 310_000, t + 1)).toBe('claimed');
    // Once a and b have expired they make room.
    expect(await memory.claim('p', 'd', t + 700_000, t + 300_001)).toBe('claimed');
    expect(memory.size('p')).toBe(2);
    expect(await memory.claim('p', 'c', t + 700_000, t + 300_002)).toBe('replayed');
  });

  it('when the memory is full of live signatures, then a new write is refused 429 and nothing is changed', async () => {
    const { app, world } = buildTestApp({ seenSignatures: rememberInMemory({ capacityPerPortal: 1 }) });
    expect((await signedCall(app, WRITES[0]![1])).status).toBe(200);
    const res = await signedCall(app, { ...WRITES[1]![1] });
    expect(res.status).toBe(429);
    expect(res.body.error.code).toBe('rate_limited');
    expect(world.writes).toHaveLength(1);
  });
});

const PG_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `keyline_replay_${process.pid}_${Date.now()}`;

describe.each([
  ['SQLite (two instances on one file)', 'sqlite'],
  ['PostgreSQL (two instances, two pools)', 'postgres'],
] as const)('several instances sharing the store: %s', (_name, kind) => {
  let stores: Store[] = [];
  let sqliteFile: string | null = null;
  afterEach(async () => {
    for (const s of stores) await s.close();
    stores = [];
    if (sqliteFile) for (const suffix of ['', '-wal', '-shm']) rmSync(`${sqliteFile}${suffix}`, { force: true });
  });
  afterAll(async () => {
    if (kind !== 'postgres') return;
    const c = new Client({ connectionString: PG_URL });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await c.end();
  });

  it('when a signed write accepted by one instance is replayed to another, then the other refuses it 409', async () => {
    sqliteFile = kind === 'sqlite' ? path.join(tmpdir(), `keyline-replay-${process.pid}-${Date.now()}.sqlite`) : null;
    const url = sqliteFile ? `sqlite:${sqliteFile}` : `${PG_URL}?schema=${schema}`;
    stores = [await openStore(url), await openStore(url)];
    const world = createFakeWorld();
    const [a, b] = stores.map((store) => buildTestApp({ seenSignatures: rememberInStore(store) }, world).app);
    const call = { ...WRITES[0]![1], timestamp: Date.now() };
    expect((await signedCall(a!, call)).status).toBe(200);
    const replay = await signedCall(b!, call);
    expect(replay.status).toBe(409);
    expect(replay.body.error.code).toBe('replayed_request');
    // And at once on both: one wins.
    const race = { ...WRITES[1]![1], timestamp: Date.now() };
    const answers = await Promise.all([a, b, a, b].map((app) => signedCall(app!, race)));
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
    expect(world.writes).toHaveLength(2);
  });
});

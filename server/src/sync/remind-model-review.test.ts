/**
 * The model-review reminder step over a real (in-memory) store and a HubSpot gateway stub that records the tasks it is
 * asked to create and complete.
 */
import type { Config } from '../config';
import { DEFAULT_SCORING_MODEL, type ScoringModel } from '../domain';
import type { CreatedTask, HubSpotGateway, NewTask, TaskToComplete } from '../hubspot/gateway';
import winston from 'winston';
import { openStore, type Store } from '../store';
import { remindModelReview } from './remind-model-review';
import type { RunContext } from './run-context';

const PORTAL = '99';
const NOW = new Date('2026-11-20T10:00:00Z');

interface Stub {
  created: NewTask[];
  completed: TaskToComplete[];
}

function contextOf(store: Store, stub: Stub, opts: { model?: Partial<ScoringModel['review']>; fallback?: string; owners?: string[] } = {}): RunContext {
  let seq = 0;
  const gateway = {
    hasTaskKeyProperty: () => Promise.resolve(true),
    createTasks: (tasks: readonly NewTask[]) => {
      stub.created.push(...tasks);
      return Promise.resolve({ created: tasks.map((t): CreatedTask => ({ companyId: t.companyId, gapKey: t.gapKey, taskId: `t${(seq += 1)}` })), failed: [] });
    },
    completeTasks: (tasks: readonly TaskToComplete[]) => {
      stub.completed.push(...tasks);
      return Promise.resolve({ completed: [...tasks], failed: [] });
    },
    findKeylineTasks: () => Promise.resolve([]),
  } as unknown as HubSpotGateway;
  const model = { ...DEFAULT_SCORING_MODEL, review: { ...DEFAULT_SCORING_MODEL.review, ...opts.model } };
  return {
    deps: { config: { FALLBACK_OWNER_ID: opts.fallback } as unknown as Config, portalId: PORTAL, store, gateway, logger: winston.createLogger({ silent: true }), now: () => NOW },
    model,
    version: 'v',
    ownerIds: new Set(opts.owners ?? ['501', '502']),
    products: [],
    now: NOW,
    dryRun: false,
    companyIds: null,
    readChunk: 100,
    writePage: 100,
    onProgress: undefined,
    stopRequested: () => false,
  };
}

describe('the model-review reminder', () => {
  let store: Store;
  let stub: Stub;
  beforeEach(async () => {
    store = await openStore('sqlite::memory:');
    stub = { created: [], completed: [] };
  });
  afterEach(async () => {
    await store.close();
  });

  it('when no KPI history and no review exist yet, then nothing is due and no task is made', async () => {
    expect(await remindModelReview(contextOf(store, stub, { model: { owner_id: '501' } }), 'run-1')).toEqual({ action: 'none', due: null });
    expect(stub.created).toEqual([]);
  });

  it('when the last review is more than a quarter old, then one task goes to the model owner, about the portal, with no company', async () => {
    await store.recordModelReview(PORTAL, new Date('2026-07-01T00:00:00Z'), 'cli');
    const outcome = await remindModelReview(contextOf(store, stub, { model: { owner_id: '501' } }), 'run-1');
    expect(outcome).toEqual({ action: 'created', gapKey: 'model_review:2026-Q4' });
    expect(stub.created).toHaveLength(1);
    expect(stub.created[0]).toMatchObject({ companyId: 'portal', ownerId: '501', marker: 'keyline:gap=portal/model_review:2026-Q4' });
    expect(stub.created[0]?.body).toContain('A model review is due since');
    // The next run of the quarter: the open task stands, no second one.
    expect(await remindModelReview(contextOf(store, stub, { model: { owner_id: '501' } }), 'run-2')).toMatchObject({ action: 'none' });
    expect(stub.created).toHaveLength(1);
  });

  it('when the model names nobody, then the fallback owner is reminded; with neither, no task and the reason is noted', async () => {
    await store.recordModelReview(PORTAL, new Date('2026-07-01T00:00:00Z'), 'cli');
    expect(await remindModelReview(contextOf(store, stub), 'run-1')).toMatchObject({ action: 'skipped', reason: expect.stringContaining('set review.owner_id') });
    expect(await remindModelReview(contextOf(store, stub, { model: { owner_id: '777' } }), 'run-1')).toMatchObject({ action: 'skipped', reason: 'owner 777 is not an active HubSpot owner' });
    expect(stub.created).toEqual([]);
    expect(await remindModelReview(contextOf(store, stub, { fallback: '502' }), 'run-1')).toMatchObject({ action: 'created' });
    expect(stub.created[0]?.ownerId).toBe('502');
  });

  it('when a review has been run since the reminder, then the next run completes it, saying when', async () => {
    await store.recordModelReview(PORTAL, new Date('2026-07-01T00:00:00Z'), 'cli');
    await remindModelReview(contextOf(store, stub, { model: { owner_id: '501' } }), 'run-1');
    await store.recordModelReview(PORTAL, new Date(Date.now() + 60_000), 'api');
    expect(await remindModelReview(contextOf(store, stub, { model: { owner_id: '501' } }), 'run-2')).toEqual({ action: 'closed', gapKey: 'model_review:2026-Q4' });
    expect(stub.completed).toMatchObject([{ companyId: 'portal', gapKey: 'model_review:2026-Q4', taskId: 't1' }]);
    expect(await store.listOpenTasksFor(PORTAL, ['portal'])).toEqual([]);
  });
});

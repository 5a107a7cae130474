/**
 * Follow-up tasks from the card (`POST /api/v1/accounts/:companyId/tasks`) over the real stack (sandbox + Keyline +
 * the API, signed requests): gap keys checked at the edge, tasks only for gaps the account has now, free-text
 * follow-ups that the sync never completes, and never a duplicate in HubSpot.
 */
import { createTaskResponseSchema, GAP_KEY_KINDS, GENERAL_FOLLOW_UP_GAP_KEY, taskGapKeySchema } from '@keyline/contract/account-view';
import { BUYING_ROLES, GAP_KINDS } from '../../server/src/domain/types';
import { runSync } from '../../server/src/sync';
import { FOLLOW_UP_GAP_KEY, recomputeAccount } from '../../server/src/use-cases/account-actions';
import { startRealStack, type RealStack } from './support/real-stack';
import { signedCall, type SignedCall } from './support/signed-client';

let stack: RealStack;
/** A company with a gap (no task yet), and a gap key of the vocabulary it does not have. */
let companyId: string;
let itsGap: string;
let notItsGap: string;

beforeAll(async () => {
  // No sync yet: the card's recompute scores an account and creates no task (tasks come from the sync's budget).
  stack = await startRealStack({ size: 'XS', syncFirst: false });
  for (const c of stack.sandbox.store.list('companies')) {
    const fresh = await recomputeAccount(stack.keyline, c.id);
    const keys = fresh.ok ? fresh.result.gaps.map((g) => g.key) : [];
    const missing = GAP_KEY_KINDS.find((k) => !keys.includes(k));
    if (keys[0] !== undefined && missing !== undefined) {
      companyId = c.id;
      itsGap = keys[0];
      notItsGap = missing;
      break;
    }
  }
}, 120_000);

afterAll(async () => {
  await stack.close();
});

const call = (c: SignedCall) => signedCall(stack.app, { portalId: stack.portalId, ...c });
const post = (body: unknown) => call({ method: 'POST', path: `/api/v1/accounts/${companyId}/tasks`, body });
const tasksInHubSpot = () => stack.sandbox.store.list('tasks').filter((t) => (t.properties['keyline_task_key'] ?? '') !== '');
const taskById = (id: string) => stack.sandbox.store.get('tasks', id);

describe('follow-up tasks from the card', () => {
  it('finds an account to work on', () => {
    expect(companyId).toBeDefined();
  });

  it.each([
    ['a space in it', 'qbr overdue'],
    ['an unknown kind', 'nonsense'],
    ['an unknown role', 'missing_role:WIZARD'],
    ['a role without its kind', 'CHAMPION'],
    ['a free-text key with a suffix', 'follow_up:abc'],
  ])('when the gap key has %s, then 400 naming gapKey, and HubSpot is neither called nor written', async (_, gapKey) => {
    const before = tasksInHubSpot().length;
    stack.recorder.reset();
    const res = await post({ gapKey });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    const detail = (res.body.error.details as { path: string; message: string }[]).find((d) => d.path.includes('gapKey'));
    expect(detail?.message).toMatch(/must be one of .*missing_role:<ROLE>.*follow_up/);
    expect(stack.recorder.exchanges).toEqual([]);
    expect(tasksInHubSpot()).toHaveLength(before);
  });

  it('when the account does not have the gap now, then 422 gap_not_found naming its gaps, and nothing is created', async () => {
    const before = tasksInHubSpot().length;
    const res = await post({ gapKey: notItsGap });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('gap_not_found');
    expect(res.body.error.message).toContain(itsGap);
    expect(tasksInHubSpot()).toHaveLength(before);
  });

  it('when a task is asked twice for a gap the account has, then one task in HubSpot: 201, then 200 with the same id', async () => {
    const one = await post({ gapKey: itsGap });
    expect(one.status).toBe(201);
    const created = createTaskResponseSchema.parse(one.body);
    expect(created.gapKey).toBe(itsGap);
    const two = await post({ gapKey: itsGap });
    expect(two.status).toBe(200);
    expect(two.body).toEqual({ ...created, created: false });
    expect(tasksInHubSpot().filter((t) => t.properties['keyline_task_key'] === `keyline:gap=${companyId}/${itsGap}`)).toHaveLength(1);
  });

  it('when the same follow-up is sent twice at once (a double click), then HubSpot gets one task', async () => {
    const body = { gapKey: 'follow_up', title: 'Send the renewal quote' };
    // Two clicks are two requests HubSpot signs apart (a byte-identical one would be a replay, refused 409).
    const now = Date.now();
    const click = (timestamp: number) => call({ method: 'POST', path: `/api/v1/accounts/${companyId}/tasks`, body, timestamp });
    const [a, b] = await Promise.all([click(now), click(now + 1)]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.body.taskId).toBe(b.body.taskId);
    expect(tasksInHubSpot().filter((t) => t.properties['hs_task_subject']?.includes('Send the renewal quote'))).toHaveLength(1);
  });

  it('when two different free-text follow-ups are asked, then two tasks with the person\'s titles; the same title again is the same task', async () => {
    const renewal = await post({ gapKey: 'follow_up', title: 'Call about the renewal', note: 'They asked for Q1' });
    const intro = await post({ gapKey: 'follow_up', title: 'Introduce the new CSM' });
    expect(renewal.status).toBe(201);
    expect(intro.status).toBe(201);
    expect(renewal.body.taskId).not.toBe(intro.body.taskId);
    expect(renewal.body.gapKey).toMatch(/^follow_up:[0-9a-f]{12}$/);
    expect(taskById(renewal.body.taskId)?.properties['hs_task_subject']).toContain('Call about the renewal');
    const again = await post({ gapKey: 'follow_up', title: '  call about THE renewal ' });
    expect(again.status).toBe(200);
    expect(again.body.taskId).toBe(renewal.body.taskId);
  });

  it('when syncs run after a free-text follow-up, then they never complete it and it does not count against the owner\'s task budget', async () => {
    await runSync(stack.keyline, { mode: 'full' }); // the first night creates Keyline's own tasks
    const before = await runSync(stack.keyline, { mode: 'full' });
    expect(before.status).toBe('succeeded');
    const res = await post({ gapKey: 'follow_up', title: 'Check the contract draft' });
    expect(res.status).toBe(201);
    const taskId = res.body.taskId as string;

    const after = await runSync(stack.keyline, { mode: 'full' });
    expect(after.status).toBe('succeeded');
    expect(taskById(taskId)?.properties['hs_task_status']).not.toBe('COMPLETED');
    const view = await call({ method: 'GET', path: `/api/v1/accounts/${companyId}` });
    expect(view.body.openTasks.map((t: { taskId: string }) => t.taskId)).toContain(taskId);
    // The daily budget's view of each owner's open Keyline tasks is what it was before the follow-up.
    const owners = (run: typeof after) => (run.details['taskBudget'] as { owners: { assignee: string | null; open: number }[] }).owners;
    expect(owners(after).map((o) => [o.assignee, o.open])).toEqual(owners(before).map((o) => [o.assignee, o.open]));
  });

  it('when the person completed a follow-up in HubSpot, then asking for it again creates a new one', async () => {
    const body = { gapKey: 'follow_up', title: 'Book the quarterly review' };
    const first = await post(body);
    expect(first.status).toBe(201);
    stack.sandbox.store.update('tasks', first.body.taskId, { hs_task_status: 'COMPLETED' });
    const second = await post(body);
    expect(second.status).toBe(201);
    expect(second.body.taskId).not.toBe(first.body.taskId);
    const third = await post(body);
    expect(third.status).toBe(200);
    expect(third.body.taskId).toBe(second.body.taskId);
  });
});

describe('follow-ups across a crash', () => {
  it('when Keyline stopped between creating a follow-up in HubSpot and recording it, then asking again adopts that task, no second one', async () => {
    const title = 'Confirm the workshop date';
    const first = await post({ gapKey: 'follow_up', title });
    expect(first.status).toBe(201);
    const gapKey = first.body.gapKey as string;
    const marker = `keyline:gap=${companyId}/${gapKey}`;
    // The person completed it; later the same follow-up was asked for, and the process died after HubSpot's answer.
    stack.sandbox.store.update('tasks', first.body.taskId, { hs_task_status: 'COMPLETED' });
    await stack.keyline.store.markTasksCompleted(stack.portalId, [{ companyId, gapKey }]);
    await stack.keyline.store.recordTaskIntents(stack.portalId, [{ companyId, gapKey, marker, subject: title, runId: null }]);
    const made = await stack.keyline.gateway.createTasks([
      { companyId, gapKey, marker, subject: `Keyline · ${title}`, body: '', ownerId: null, priority: 'LOW', dueAt: new Date() },
    ]);
    const orphan = made.created[0]?.taskId;
    expect(orphan).toBeDefined();

    const again = await post({ gapKey: 'follow_up', title });
    expect(again.status).toBe(200);
    expect(again.body.taskId).toBe(orphan);
    expect(tasksInHubSpot().filter((t) => t.properties['keyline_task_key'] === marker)).toHaveLength(2); // the completed one and this
  });
});

describe('the gap-key vocabulary of the edge', () => {
  it('when the domain can produce a gap key, then the edge accepts it, and nothing else of that shape', () => {
    // `missing_role` is keyed per role, `onboarding` per checklist item (the model's item keys).
    const perKey = (k: string) => k === 'missing_role' || k === 'onboarding';
    const domainKeys = [...GAP_KINDS.filter((k) => !perKey(k)), ...BUYING_ROLES.map((r) => `missing_role:${r}`), 'onboarding:kickoff', 'onboarding:success_criteria'];
    for (const key of domainKeys) expect(taskGapKeySchema.safeParse(key).success).toBe(true);
    expect(FOLLOW_UP_GAP_KEY).toBe(GENERAL_FOLLOW_UP_GAP_KEY);
    expect(taskGapKeySchema.safeParse(FOLLOW_UP_GAP_KEY).success).toBe(true);
    expect([...GAP_KEY_KINDS].sort()).toEqual(GAP_KINDS.filter((k) => !perKey(k)).sort());
    for (const key of ['missing_role', 'missing_role:', 'missing_role:champion', 'QBR_OVERDUE', ' qbr_overdue', 'follow up', 'onboarding', 'onboarding:', 'onboarding:Kick off']) {
      expect(taskGapKeySchema.safeParse(key).success).toBe(false);
    }
  });
});

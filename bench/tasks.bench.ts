/**
 * The first night and two weeks after, with the daily task budget (`npm run bench -- tasks`): the M portfolio in the
 * sandbox, whose clock Keyline shares and the bench moves a day at a time.
 *
 *   night 0   setup, then the first full sync: tasks per owner (the budget is 10 new tasks a day, 20 open at most)
 *   days 1–14 each owner works through up to WORK_PER_DAY of their open Keyline tasks, highest priority first, the way
 *             a person would close the gap in HubSpot: a completed call (touch, dark champion), a held meeting or QBR,
 *             an engaged contact holding the missing role; then the night's sync (incremental; the weekly full
 *             reconcile on day 7). Measured each night from HubSpot itself (the sandbox's tasks): tasks created per
 *             owner, closed, open, and the queue Keyline reports.
 *
 * Checked on every night: no owner got more new Keyline tasks than the budget, no owner holds more open ones than the
 * cap, no company and gap ever has two open tasks.
 */
import { startSandbox, type Sandbox } from '../sandbox';
import { loadConfig } from '../server/src/config';
import { compareCandidates, DEFAULT_SCORING_MODEL, taskCandidatesOf, type TaskCandidate } from '../server/src/domain';
import type { AccountResult } from '../server/src/domain/types';
import { createKeyline, type Keyline } from '../server/src/keyline';
import { silenceLogger } from '../server/src/logger';
import { runSync } from '../server/src/sync';
import type { RunRecord } from '../server/src/store/store';
import { recordResults } from './record-results';

const DAYS = 14;
const WORK_PER_DAY = Number(process.env['BENCH_WORK_PER_DAY'] ?? 6);
const TIME_SCALE = Number(process.env['BENCH_TIME_SCALE'] ?? 50);
const DAY_MS = 86_400_000;
const BUDGET = DEFAULT_SCORING_MODEL.tasks.daily_budget;
const MAX_OPEN = DEFAULT_SCORING_MODEL.tasks.max_open_per_owner;

interface KeylineTask {
  id: string;
  key: string;
  owner: string;
  open: boolean;
}

function keylineTasks(sandbox: Sandbox): KeylineTask[] {
  return sandbox.store.list('tasks').flatMap((t) => {
    const key = t.properties['keyline_task_key'];
    if (!key) return [];
    return [{ id: t.id, key, owner: t.properties['hubspot_owner_id'] ?? '(unassigned)', open: t.properties['hs_task_status'] !== 'COMPLETED' }];
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? 0 : (s[Math.floor((s.length - 1) / 2)] as number);
};

/** Closes the gap behind one Keyline task the way a person would in HubSpot (at `at`). */
function doTheWork(sandbox: Sandbox, result: AccountResult, gapKey: string, at: Date): void {
  const store = sandbox.store;
  const companyId = result.companyId;
  const gap = result.gaps.find((g) => g.key === gapKey);
  const contacts = store.associations('companies', companyId, 'contacts').map((a) => a.toObjectId);
  const when = at.toISOString();
  const call = (contactId: string | undefined) =>
    store.create('calls', { hs_timestamp: when, hs_call_status: 'COMPLETED', hs_call_direction: 'OUTBOUND', hs_call_title: 'Check-in' }, [
      { toType: 'companies', toId: companyId },
      ...(contactId ? [{ toType: 'contacts' as const, toId: contactId }] : []),
    ]);
  const meeting = (title: string) =>
    store.create(
      'meetings',
      { hs_timestamp: when, hs_meeting_start_time: when, hs_meeting_outcome: 'COMPLETED', hs_meeting_title: title },
      [{ toType: 'companies', toId: companyId }, ...(contacts[0] ? [{ toType: 'contacts' as const, toId: contacts[0] }] : [])],
    );
  if (gapKey === 'touch_overdue') call(contacts[0]);
  else if (gapKey === 'meeting_overdue') meeting('Account review');
  else if (gapKey === 'qbr_overdue') meeting('QBR');
  else if (gapKey === 'champion_dark') call(gap?.contactId ?? contacts[0]);
  else if (gapKey.startsWith('missing_role:')) {
    const role = gapKey.slice('missing_role:'.length);
    let contactId = gap?.contactId;
    if (contactId === undefined) {
      contactId = contacts.find((id) => !(store.get('contacts', id)?.properties['hs_buying_role'] ?? '').includes(role));
      if (contactId === undefined) {
        contactId = store.create('contacts', { firstname: 'New', lastname: 'Stakeholder', jobtitle: 'Director' }, [{ toType: 'companies', toId: companyId }]).id;
      }
      const roles = (store.get('contacts', contactId)?.properties['hs_buying_role'] ?? '').split(';').filter(Boolean);
      store.update('contacts', contactId, { hs_buying_role: [...new Set([...roles, role])].join(';') });
    }
    call(contactId);
  }
}

async function results(k: Keyline): Promise<Map<string, AccountResult>> {
  const ids = (await k.store.listSnapshotSummaries(k.portalId)).map((s) => s.companyId);
  return new Map([...(await k.store.getSnapshots(k.portalId, ids))].map(([id, s]) => [id, s.result]));
}

async function main(): Promise<void> {
  silenceLogger(true);
  const start = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
  let simNow = start;
  // The sandbox's clock runs with real time from the simulated moment (its rate-limit windows must pass); Keyline's
  // "now" is the simulated moment of the run.
  let realMark = Date.now();
  const setNow = (at: Date) => {
    simNow = at;
    realMark = Date.now();
  };
  const sandbox = await startSandbox({
    size: 'M',
    seed: 42,
    asOf: new Date(start.getTime() - 3_600_000),
    rateLimit: { timeScale: TIME_SCALE, daily: 100_000_000 },
    clock: () => simNow.getTime() + (Date.now() - realMark),
  });
  const config = loadConfig({
    HUBSPOT_BASE_URL: sandbox.baseUrl,
    HUBSPOT_ACCESS_TOKEN: sandbox.token,
    HUBSPOT_PORTAL_ID: sandbox.portalId,
    DATABASE_URL: 'sqlite::memory:',
    LOG_LEVEL: 'error',
  });
  const k = await createKeyline(config, { timeScale: TIME_SCALE, now: () => simNow, tuning: { watermarkOverlapMs: 1_000 } });
  const ownerIds = await k.gateway.listOwnerIds();
  const nights: Record<string, unknown>[] = [];
  const problems: string[] = [];
  let firstNight: Record<string, unknown> = {};
  try {
    await k.gateway.setup({ lists: false });
    for (let day = 0; day <= DAYS; day += 1) {
      if (day > 0) {
        // The day's work, mid-morning: each owner takes their open Keyline tasks by priority.
        setNow(new Date(start.getTime() + (day - 1) * DAY_MS + 10 * 3_600_000));
        const byId = await results(k);
        const mine = new Map<string, { candidate: TaskCandidate; result: AccountResult }[]>();
        for (const t of keylineTasks(sandbox).filter((x) => x.open)) {
          const [companyId, gapKey] = t.key.slice('keyline:gap='.length).split(/\/(.*)/s);
          const result = byId.get(companyId ?? '');
          if (!result || !gapKey) continue;
          const candidate = taskCandidatesOf(result, t.owner).find((c) => c.gapKey === gapKey);
          if (candidate) mine.set(t.owner, [...(mine.get(t.owner) ?? []), { candidate, result }]);
        }
        for (const list of mine.values()) {
          for (const { candidate, result } of list.sort((a, b) => compareCandidates(a.candidate, b.candidate)).slice(0, WORK_PER_DAY)) {
            doTheWork(sandbox, result, candidate.gapKey, simNow);
          }
        }
      }
      setNow(new Date(start.getTime() + day * DAY_MS));
      const before = new Set(keylineTasks(sandbox).map((t) => t.id));
      const t0 = performance.now();
      const run: RunRecord = await runSync(k, { mode: day === 0 ? 'full' : 'incremental' });
      const seconds = (performance.now() - t0) / 1000;
      if (run.status !== 'succeeded') throw new Error(`night ${day}: run ${run.status} ${run.message ?? ''}`);
      const tasks = keylineTasks(sandbox);
      const created = tasks.filter((t) => !before.has(t.id));
      const newByOwner = new Map<string, number>();
      for (const t of created) newByOwner.set(t.owner, (newByOwner.get(t.owner) ?? 0) + 1);
      const openByOwner = new Map<string, number>();
      const openByKey = new Map<string, number>();
      for (const t of tasks.filter((x) => x.open)) {
        openByOwner.set(t.owner, (openByOwner.get(t.owner) ?? 0) + 1);
        openByKey.set(t.key, (openByKey.get(t.key) ?? 0) + 1);
      }
      const duplicates = [...openByKey.values()].filter((n) => n > 1).length;
      const maxNew = Math.max(0, ...newByOwner.values());
      const maxOpen = Math.max(0, ...openByOwner.values());
      if (maxNew > BUDGET) problems.push(`night ${day}: an owner got ${maxNew} new tasks`);
      if (maxOpen > MAX_OPEN) problems.push(`night ${day}: an owner holds ${maxOpen} open tasks`);
      if (duplicates > 0) problems.push(`night ${day}: ${duplicates} company/gap pairs with two open tasks`);
      const queued = (run.details['taskBudget'] as { queued?: number } | undefined)?.queued ?? null;
      const night = {
        night: day,
        mode: run.mode,
        created: created.length,
        closed: run.counts.tasksClosed,
        maxNewPerOwner: maxNew,
        open: tasks.filter((t) => t.open).length,
        maxOpenPerOwner: maxOpen,
        queued,
        duplicates,
        seconds: Math.round(seconds),
      };
      nights.push(night);
      process.stdout.write(`${JSON.stringify(night)}\n`);
      if (day === 0) {
        const perOwner = [...ownerIds].map((o) => newByOwner.get(o) ?? 0);
        firstNight = {
          owners: ownerIds.size,
          tasks: created.length,
          maxPerOwner: maxNew,
          medianPerOwner: median(perOwner),
          ownersAtBudget: perOwner.filter((n) => n === BUDGET).length,
          unassigned: newByOwner.get('(unassigned)') ?? 0,
          queued,
        };
      }
    }
  } finally {
    await k.close();
    await sandbox.close();
  }
  const later = nights.slice(1) as { created: number; closed: number; maxNewPerOwner: number; duplicates: number }[];
  const last = nights[nights.length - 1] as { open: number; queued: number | null; maxOpenPerOwner: number };
  recordResults('taskBudget', {
    budget: BUDGET,
    maxOpen: MAX_OPEN,
    workPerOwnerPerDay: WORK_PER_DAY,
    firstNightTasks: firstNight['tasks'],
    firstNightMaxPerOwner: firstNight['maxPerOwner'],
    firstNightMedianPerOwner: firstNight['medianPerOwner'],
    firstNightOwnersAtBudget: firstNight['ownersAtBudget'],
    firstNightQueued: firstNight['queued'],
    owners: firstNight['owners'],
    days: DAYS,
    tasksCreatedLaterDays: later.reduce((n, x) => n + x.created, 0),
    tasksClosedLaterDays: later.reduce((n, x) => n + x.closed, 0),
    maxNewPerOwnerAnyNight: Math.max(...(nights as { maxNewPerOwner: number }[]).map((x) => x.maxNewPerOwner)),
    maxOpenPerOwnerAtEnd: last.maxOpenPerOwner,
    openAtEnd: last.open,
    queuedAtEnd: last.queued,
    duplicates: (nights as { duplicates: number }[]).reduce((n, x) => n + x.duplicates, 0),
    budgetBreaches: problems.length,
    nights,
  });
  if (problems.length > 0) {
    process.stderr.write(`${problems.join('\n')}\n`);
    process.exit(1);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});

/**
 * Scoring micro-benchmark: scoreAccount over a generated portfolio of 100,000 accounts held in memory, on one core.
 * Goal: ≥ 100,000 accounts per second. Run: `npm run bench -- scoring` (or, with the V8 settings Keyline runs with,
 * `node --max-semi-space-size=32 --import tsx bench/scoring.bench.ts`).
 *
 * What the timed loop includes: one scoreAccount call per account, which builds the complete AccountResult the nightly
 * sync consumes — tier, score, the nine criteria with their display texts, the reasons line (written to
 * `keyline_score_reasons`), confidence, near-miss and the close-the-gap suggestions, coverage with every stakeholder,
 * cadence with its dates and statuses, and every gap with its task title and detail sentence. Nothing in the result is
 * built lazily: the sync stores the whole result with the account's snapshot (the API's account view, `keyline
 * explain` and task bodies read it from there). Not included: turning the result into property strings
 * (toCompanyProperties), encoding the snapshot, the capacity step across accounts and explainAccount (run only for
 * accounts that get a new task).
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { DEFAULT_SCORING_MODEL, scoreAccount, type AccountInput, type Activity, type BuyingRole, type Contact, type Deal } from '../server/src/domain';
import { mulberry32 } from '../sandbox/random';
import { recordResults } from './record-results';

const ACCOUNTS = Number(process.argv[2] ?? 100_000);
const NOW = new Date('2026-06-15T12:00:00.000Z');
const DAY_MS = 86_400_000;

// The sandbox's seeded generator (mulberry32), so every run scores the same portfolio.
const random = mulberry32(20_261_115);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY_MS);

const TITLES = ['CEO', 'VP Sales', 'Head of IT', 'Procurement Manager', 'Engineer', 'CFO', 'Director of Operations', 'Analyst', null, ''];
const ROLES: readonly BuyingRole[][] = [[], [], ['CHAMPION'], ['DECISION_MAKER'], ['EXECUTIVE_SPONSOR'], ['BUDGET_HOLDER'], ['END_USER'], ['BLOCKER']];
const INDUSTRIES = ['Software', 'Retail', 'Manufacturing', null, 'n/a'];
const COUNTRIES = ['US', 'Germany', 'France', null, ''];
const TYPES = ['CUSTOMER', 'PARTNER', 'RESELLER', null];
const MEETING_TITLES = ['Weekly sync', 'Q2 QBR', 'Quarterly Business Review', 'Demo', null];
const STATUSES: Record<Activity['kind'], (string | null)[]> = {
  call: ['COMPLETED', 'COMPLETED', 'NO_ANSWER', null],
  email: ['SENT', 'SENT', 'BOUNCED', null],
  meeting: ['COMPLETED', 'SCHEDULED', 'CANCELED', 'NO_SHOW'],
  note: [null],
  task: ['NOT_STARTED'],
};

/** Colleagues who left: activities they owned feed the relationship matrix's departed flags (issue #16). */
const DEPARTED = ['owner-departed-1', 'owner-departed-2'];
function ownerOf(i: number, roll: number): string | null {
  if (roll < 0.6) return `owner-${i % 400}`;
  if (roll < 0.9) return `owner-${(i + 1 + Math.floor(roll * 100)) % 400}`;
  if (roll < 0.95) return DEPARTED[i % 2] as string;
  return null;
}

function generateAccount(i: number): AccountInput {
  const contacts: Contact[] = Array.from({ length: 1 + Math.floor(random() * 8) }, (_, c) => ({
    id: `c-${i}-${c}`,
    firstName: 'Pat',
    lastName: `Contact ${c}`,
    jobTitle: pick(TITLES),
    buyingRoles: pick(ROLES),
    associationLabels: random() < 0.1 ? ['Decision maker'] : [],
    lastContactedAt: random() < 0.5 ? daysAgo(Math.floor(random() * 200)) : null,
  }));
  const deals: Deal[] = Array.from({ length: Math.floor(random() * 6) }, (_, d) => ({
    id: `d-${i}-${d}`,
    amount: random() < 0.05 ? null : Math.round(random() * 120_000),
    status: pick(['won', 'won', 'lost', 'open'] as const),
    closeDate: random() < 0.03 ? null : daysAgo(Math.floor(random() * 800) - 60),
    probability: random() < 0.1 ? null : Math.round(random() * 100) / 100,
  }));
  const activities: Activity[] = Array.from({ length: Math.floor(random() * 30) }, (_, a) => {
    const kind = pick(['call', 'email', 'email', 'meeting', 'note', 'task'] as const);
    return {
      id: `a-${i}-${a}`,
      kind,
      occurredAt: random() < 0.02 ? null : daysAgo(Math.floor(random() * 380) - 5),
      status: pick(STATUSES[kind]),
      direction: kind === 'email' ? pick(['EMAIL', 'INCOMING_EMAIL', 'DRAFT_EMAIL']) : null,
      title: kind === 'meeting' ? pick(MEETING_TITLES) : null,
      activityType: null,
      contactIds: contacts.length > 0 && random() < 0.8 ? [`c-${i}-${Math.floor(random() * contacts.length)}`] : [],
      // Our person (issue #16): mostly the account owner, else a colleague, now and then one who left.
      ownerId: ownerOf(i, random()),
      durationMinutes: kind === 'call' || kind === 'meeting' ? Math.floor(random() * 60) : null,
    };
  });
  return {
    company: {
      id: String(100_000 + i),
      name: `Company ${i}`,
      ownerId: `owner-${i % 400}`,
      annualRevenue: random() < 0.2 ? null : Math.round(random() * 2_000_000_000),
      employees: null,
      industry: pick(INDUSTRIES),
      country: pick(COUNTRIES),
      type: pick(TYPES),
      icpTier: pick(['tier_1', 'tier_2', 'tier_3', null] as const),
      createdAt: daysAgo(Math.floor(random() * 2_000)),
      lastContactedAt: random() < 0.5 ? daysAgo(Math.floor(random() * 100)) : null,
      lastSalesActivityAt: null,
      lastLoggedCallAt: null,
      lastBookedMeetingAt: null,
      stored: { tier: pick(['tier_1', 'tier_2', 'tier_3', null] as const), override: random() < 0.02 ? 'tier_1' : null },
    },
    contacts,
    deals,
    activities,
    departedOwnerIds: DEPARTED,
  };
}

const generateStart = performance.now();
const portfolio = Array.from({ length: ACCOUNTS }, (_, i) => generateAccount(i));
const generateMs = performance.now() - generateStart;

// Warm up the JIT and the per-model memos on a fifth of the portfolio, collect the generator's garbage, then time.
// (`gc` is exposed at runtime when the process was not started with --expose-gc.)
// A local binding, so the loop measures scoring rather than the module system's export accessors.
const score = scoreAccount;
for (let i = 0; i < Math.min(20_000, ACCOUNTS); i += 1) score(portfolio[i] as AccountInput, DEFAULT_SCORING_MODEL, NOW);
setFlagsFromString('--expose-gc');
(runInNewContext('gc') as () => void)();

// Three timed passes over the whole portfolio; the median pass is the figure (the machine may be shared).
const PASSES = 3;
const tiers = { tier_1: 0, tier_2: 0, tier_3: 0 };
let nearMiss = 0;
let gaps = 0;
const passes: { elapsedMs: number; cpuMs: number }[] = [];
for (let pass = 0; pass < PASSES; pass += 1) {
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  for (const account of portfolio) {
    const result = score(account, DEFAULT_SCORING_MODEL, NOW);
    if (pass === 0) {
      tiers[result.tier.tier] += 1;
      if (result.tier.nearMiss) nearMiss += 1;
      gaps += result.gaps.length;
    }
  }
  const elapsedMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  // CPU time of the process (including V8's GC helper threads).
  passes.push({ elapsedMs, cpuMs: (cpu.user + cpu.system) / 1000 });
}
const sorted = [...passes].sort((a, b) => a.elapsedMs - b.elapsedMs);
const median = sorted[Math.floor(PASSES / 2)] as { elapsedMs: number; cpuMs: number };
const best = sorted[0] as { elapsedMs: number; cpuMs: number };
const perSecond = (ms: number) => Math.round((ACCOUNTS / ms) * 1000);

recordResults('scoring', {
  accounts: ACCOUNTS,
  accountsPerSecond: perSecond(median.elapsedMs),
  bestAccountsPerSecond: perSecond(best.elapsedMs),
  passesAccountsPerSecond: passes.map((p) => perSecond(p.elapsedMs)),
  microsecondsPerAccount: Math.round(((median.elapsedMs * 1000) / ACCOUNTS) * 100) / 100,
  accountsPerCpuSecond: perSecond(median.cpuMs),
  generateMs: Math.round(generateMs),
  averages: { contacts: 4.5, deals: 2.5, activities: 14.5 },
  tiers,
  nearMiss,
  gaps,
  loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
  command: 'node --max-semi-space-size=32 --import tsx bench/scoring.bench.ts',
});

/**
 * Factories for what came of an account (issue #15): `anOutcomes({ …overrides })` builds an AccountOutcomes from a few
 * figures (the retention's movement, churn, contraction and expansion, GRR and NRR follow from them, as the engine
 * computes them), and `aResultWithOutcomes` a scored AccountResult carrying it.
 *
 *   aResultWithOutcomes({ id: '1', tier: 'tier_1', outcomes: anOutcomes({ prior: 100_000, trailing: 120_000 }) })
 */
import { scoreAccount, DEFAULT_SCORING_MODEL, type ScoringModel } from '../../server/src/domain';
import type { AccountOutcomes, RetentionOutcome, SurveyOutcome } from '../../server/src/domain/outcome-types';
import type { AccountResult, Tier } from '../../server/src/domain/types';
import { anAccount, TEST_NOW } from './accounts';

export interface OutcomeFigures {
  /** Prior and trailing 12-month recurring revenue. */
  prior?: number;
  trailing?: number;
  oneOff?: number;
  expansion?: { revenue?: number; won?: number; lost?: number };
  /** NPS answers as counts (score and pooled counts follow). */
  nps?: { promoters: number; passives?: number; detractors: number };
  /** CSAT answers: satisfied (4–5) and not (1–3). */
  csat?: { satisfied: number; unsatisfied: number };
  /** Spend with us defaults to trailing recurring + one-off; wallet null = unknown. */
  wallet?: number | null;
  spend?: number;
}

export function aRetention(prior: number, trailing: number, oneOff = 0): RetentionOutcome {
  const churned = prior > 0 && trailing === 0 ? prior : 0;
  const contracted = trailing > 0 && trailing < prior ? prior - trailing : 0;
  const expanded = trailing > prior ? trailing - prior : 0;
  const movement: RetentionOutcome['movement'] =
    prior === 0 ? (trailing > 0 ? 'new' : 'none') : trailing === 0 ? 'churned' : trailing < prior ? 'contracted' : trailing > prior ? 'expanded' : 'flat';
  return {
    trailing: { recurring: trailing, oneOff },
    prior: { recurring: prior, oneOff: 0 },
    churned,
    contracted,
    expanded,
    grr: prior > 0 ? (prior - churned - contracted) / prior : null,
    nrr: prior > 0 ? trailing / prior : null,
    movement,
  };
}

function aSurvey(promoters: number, detractors: number, responses: number, score: number | null): SurveyOutcome {
  return { responses, invalid: 0, score, latest: null, trend: null, promoters, detractors };
}

export function anOutcomes(f: OutcomeFigures = {}): AccountOutcomes {
  const prior = f.prior ?? 0;
  const trailing = f.trailing ?? 0;
  const oneOff = f.oneOff ?? 0;
  const won = f.expansion?.won ?? 0;
  const lost = f.expansion?.lost ?? 0;
  const npsN = f.nps ? f.nps.promoters + (f.nps.passives ?? 0) + f.nps.detractors : 0;
  const csatN = f.csat ? f.csat.satisfied + f.csat.unsatisfied : 0;
  const spend = f.spend ?? trailing + oneOff;
  const wallet = f.wallet ?? null;
  return {
    retention: aRetention(prior, trailing, oneOff),
    expansion: { revenue: f.expansion?.revenue ?? 0, won, lost, winRate: won + lost > 0 ? won / (won + lost) : null },
    renewal: { date: null, source: null, risk: null, reasons: [] },
    nps: f.nps ? aSurvey(f.nps.promoters, f.nps.detractors, npsN, npsN > 0 ? ((f.nps.promoters - f.nps.detractors) / npsN) * 100 : null) : aSurvey(0, 0, 0, null),
    csat: f.csat ? aSurvey(f.csat.satisfied, f.csat.unsatisfied, csatN, csatN > 0 ? (f.csat.satisfied / csatN) * 100 : null) : aSurvey(0, 0, 0, null),
    wallet: {
      spend,
      wallet,
      source: wallet === null ? null : 'property',
      share: wallet === null || wallet === 0 ? null : Math.min(1, spend / wallet),
      headroom: wallet === null ? null : Math.max(0, wallet - spend),
      whitespace: [],
    },
    confidence: 'high',
  };
}

export interface ResultOverrides {
  id?: string;
  name?: string;
  ownerId?: string | null;
  tier?: Tier;
  outcomes?: AccountOutcomes | undefined;
  /** Points per criterion (the rest keep what scoring gave). */
  points?: Partial<Record<string, number>>;
  model?: ScoringModel;
}

/** A scored account (an empty one) with its tier, owner, criteria points and outcomes set as given. */
export function aResultWithOutcomes(o: ResultOverrides = {}): AccountResult {
  const id = o.id ?? '1001';
  const base = scoreAccount(anAccount({ company: { id, name: o.name ?? `Company ${id}`, ownerId: o.ownerId === undefined ? 'owner-1' : o.ownerId } }), o.model ?? DEFAULT_SCORING_MODEL, TEST_NOW);
  const tier = o.tier ?? base.tier.tier;
  const criteria = base.tier.criteria.map((c) => {
    const p = o.points?.[c.criterion];
    return p === undefined ? c : { ...c, points: p, hasData: true, contribution: (p * c.weight) / 100 };
  });
  return {
    ...base,
    tier: { ...base.tier, tier, computedTier: tier, criteria },
    ...(o.outcomes !== undefined ? { outcomes: o.outcomes } : {}),
  };
}

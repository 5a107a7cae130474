/** AccountOutcomes (the engine's) → the account view's `outcomes` (contract/outcomes-view.ts): dates as ISO strings. */
import type { OutcomesView, SurveyView } from '@keyline/contract/outcomes-view';
import type { AccountOutcomes, SurveyOutcome } from '../domain/outcome-types';

function toSurveyView(s: SurveyOutcome): SurveyView {
  return {
    responses: s.responses,
    invalid: s.invalid,
    score: s.score,
    latest: s.latest === null ? null : { score: s.latest.score, at: s.latest.at.toISOString() },
    trend: s.trend,
  };
}

export function toOutcomesView(o: AccountOutcomes): OutcomesView {
  const { retention: r, expansion: e, renewal, wallet: w } = o;
  return {
    retention: {
      trailing: { recurring: r.trailing.recurring, oneOff: r.trailing.oneOff },
      prior: { recurring: r.prior.recurring, oneOff: r.prior.oneOff },
      churned: r.churned,
      contracted: r.contracted,
      expanded: r.expanded,
      grr: r.grr,
      nrr: r.nrr,
      movement: r.movement,
    },
    expansion: { revenue: e.revenue, won: e.won, lost: e.lost, winRate: e.winRate },
    renewal: { date: renewal.date === null ? null : renewal.date.toISOString(), source: renewal.source, risk: renewal.risk, reasons: [...renewal.reasons] },
    nps: toSurveyView(o.nps),
    csat: toSurveyView(o.csat),
    wallet: {
      spend: w.spend,
      wallet: w.wallet,
      source: w.source,
      share: w.share,
      headroom: w.headroom,
      whitespace: w.whitespace.map((p) => ({ productId: p.productId, name: p.name, listValue: p.listValue })),
    },
    confidence: o.confidence,
  };
}

/**
 * What came of one account (issue #15): retention, expansion, the next renewal and its risk, NPS and CSAT, share of
 * wallet and whitespace. Pure: the account's input, its scored result (tier, coverage, cadence), the model, `now` and
 * the portal's product library in; plain data out. Junk never throws; a missing input lowers `confidence`.
 *
 * Confidence counts the three kinds of input the outcomes stand on: revenue (every won deal of the last 24 months has a
 * usable amount, close date and recurring flag), surveys (at least one valid NPS or CSAT answer in the window) and a
 * wallet (set or estimated). All three: high; two: medium; fewer: low.
 */
import { assessRenewal, type RiskContext } from './assess-renewal';
import { assessSurvey } from './assess-surveys';
import { assessWallet } from './assess-wallet';
import { dealsOf, measureExpansion, measureRevenue } from './measure-revenue-outcomes';
import type { AccountOutcomes } from './outcome-types';
import type { ScoringModel } from './scoring-model';
import type { AccountInput, Company, FeedbackResponse, Product } from './types';

const NO_COMPANY = { id: '', industry: null, annualRevenue: null } as unknown as Company;

/** The model's deal types as sets, once per model. */
const dealTypeSets = new WeakMap<object, { expansion: ReadonlySet<string> }>();

function expansionTypes(model: ScoringModel['outcomes']): ReadonlySet<string> {
  let sets = dealTypeSets.get(model);
  if (sets === undefined) {
    sets = { expansion: new Set(model.expansion_deal_types) };
    dealTypeSets.set(model, sets);
  }
  return sets.expansion;
}

export function assessOutcomes(
  input: AccountInput,
  account: RiskContext,
  model: ScoringModel,
  now: Date,
  products: readonly Product[],
): AccountOutcomes {
  const nowMs = now.getTime();
  const company = input?.company !== null && typeof input?.company === 'object' ? input.company : NO_COMPANY;
  const deals = dealsOf(input?.deals);
  const feedback: FeedbackResponse[] = Array.isArray(input?.feedback) ? input.feedback : [];
  const outcomesModel = model.outcomes;

  const revenue = measureRevenue(deals, nowMs);
  const expansion = measureExpansion(deals, expansionTypes(outcomesModel), nowMs);
  const nps = assessSurvey(feedback, 'NPS', outcomesModel.survey_window_days, nowMs);
  const csat = assessSurvey(feedback, 'CSAT', outcomesModel.survey_window_days, nowMs);
  const wallet = assessWallet(company, deals, revenue.spend, outcomesModel, products);
  const renewal = assessRenewal(company, deals, account, { retention: revenue.retention, nps, csat }, outcomesModel, nowMs);

  const known = [revenue.known, nps.responses + csat.responses > 0, wallet.wallet !== null].filter(Boolean).length;
  return {
    retention: revenue.retention,
    expansion,
    renewal,
    nps,
    csat,
    wallet,
    confidence: known === 3 ? 'high' : known === 2 ? 'medium' : 'low',
  };
}

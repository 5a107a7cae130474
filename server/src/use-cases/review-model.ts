/**
 * The model review (issue #15), for `keyline review` and `GET /api/v1/review`: load every stored result (tier, criteria
 * points, outcomes) → the pure review (domain/review-model.ts) → record that a review was run (the store keeps its
 * date: the next one is due `review.cadence_months` later, and the next sync closes the reminder task). Never changes
 * the model: its suggestions carry patches for the settings preview. No HubSpot call.
 */
import type { ReviewView } from '@keyline/contract/review-view';
import { CRITERION_LABELS, ownerNamer } from '../domain';
import { reviewModel, type Disagreement, type ModelReview, type ReviewAccount } from '../domain/review-model';
import { addMonths } from '../domain/review-settings';
import { loadScoringModel, type KeylineDeps } from '../sync/deps';

export type { ReviewView };

/** `by`: who ran it (`cli`, `api`), kept with its date. */
export async function runModelReview(deps: Pick<KeylineDeps, 'store' | 'portalId'> & { logger?: KeylineDeps['logger'] }, opts: { now: Date; by: string }): Promise<ReviewView> {
  const { store, portalId } = deps;
  const [{ model, version }, owners, previous] = await Promise.all([loadScoringModel(deps), store.listOwners(portalId), store.lastModelReview(portalId)]);
  const accounts: ReviewAccount[] = [];
  for await (const r of store.streamAccountResults(portalId)) {
    accounts.push({
      companyId: r.companyId,
      companyName: r.companyName,
      ownerId: r.ownerId,
      tier: r.tier,
      criteria: r.result.tier.criteria.map((c) => ({ criterion: c.criterion, points: c.points, hasData: c.hasData })),
      outcomes: r.result.outcomes,
    });
  }
  const review = reviewModel(accounts, model);
  const { now } = opts;
  await store.recordModelReview(portalId, now, opts.by);
  return toReviewView(review, { reviewedAt: now, modelVersion: version, previousReview: previous?.at ?? null, nextDue: addMonths(now, model.review.cadence_months) }, ownerNamer(owners));
}

/** The pure review in the API's shape (ISO dates, criterion labels, owners by name). */
export function toReviewView(
  review: ModelReview,
  meta: { reviewedAt: Date; modelVersion: string; previousReview: Date | null; nextDue: Date | null },
  nameOf: (ownerId: string | null) => string | null,
): ReviewView {
  const named = (d: Disagreement) => ({ ...d, ownerName: nameOf(d.ownerId) });
  return {
    reviewedAt: meta.reviewedAt.toISOString(),
    modelVersion: meta.modelVersion,
    previousReview: meta.previousReview ? meta.previousReview.toISOString() : null,
    nextDue: meta.nextDue ? meta.nextDue.toISOString() : null,
    accounts: review.accounts,
    withOutcomes: review.withOutcomes,
    grown: review.grown,
    shrunk: review.shrunk,
    tiers: review.tiers.map((t) => ({
      tier: t.tier,
      kpis: { kpis: t.kpis.kpis, samples: t.kpis.samples },
      rest: { kpis: t.rest.kpis, samples: t.rest.samples },
      expandedShare: t.expandedShare,
    })),
    criteria: review.criteria.map((c) => ({ ...c, label: CRITERION_LABELS[c.criterion] })),
    disagreements: { lowTierGrew: review.disagreements.lowTierGrew.map(named), topTierShrank: review.disagreements.topTierShrank.map(named) },
    findings: review.findings,
    suggestions: review.suggestions.map((s) => ({ ...s, patch: { weights: { ...s.patch.weights } } })),
  };
}

import { addMonths, modelReviewGapKey, nextReviewDue, quarterOf } from './review-settings';
import { DEFAULT_SCORING_MODEL, parseScoringModel } from './scoring-model';

describe('when a model review is due', () => {
  const quarterly = DEFAULT_SCORING_MODEL.review;

  it('when nothing is set, then reviews are quarterly and nobody is named (the fallback owner is reminded)', () => {
    expect(quarterly).toEqual({ cadence_months: 3, owner_id: null });
  });

  it('when a review was run, then the next is due the cadence later, the day clamped to the month', () => {
    expect(nextReviewDue(quarterly, new Date('2026-09-15T08:00:00Z'), '2026-01')).toEqual(new Date('2026-12-15T08:00:00Z'));
    expect(addMonths(new Date('2026-11-30T00:00:00Z'), 3)).toEqual(new Date('2027-02-28T00:00:00Z'));
  });

  it('when no review was ever run, then it is due the cadence after the first month of KPI history, and never before any history', () => {
    expect(nextReviewDue(quarterly, null, '2026-11')).toEqual(new Date('2027-02-01T00:00:00Z'));
    expect(nextReviewDue(quarterly, null, null)).toBeNull();
  });

  it('when the reminder is keyed, then the key is the quarter, so one reminder a quarter at most', () => {
    expect(quarterOf(new Date('2026-12-31T23:59:59Z'))).toBe('2026-Q4');
    expect(modelReviewGapKey(new Date('2027-01-01T00:00:00Z'))).toBe('model_review:2027-Q1');
  });

  it('when the cadence or the owner is not valid, then the model says which and why', () => {
    const parsed = parseScoringModel({ review: { cadence_months: 0, owner_id: 'ann' } });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['review.cadence_months', 'review.owner_id']));
  });
});

import { DEFAULT_SCORING_MODEL, parseScoringModel, scoringModelSchema, scoringModelVersion, type ScoringModel } from './scoring-model';

function issuesOf(input: unknown) {
  const parsed = parseScoringModel(input);
  if (parsed.ok) throw new Error('expected the model to be rejected');
  return parsed.issues;
}

function parsed(input: unknown): ScoringModel {
  const result = parseScoringModel(input);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.model;
}

describe('the scoring model', () => {
  it('when nothing is configured, then the defaults are the spec table', () => {
    const m = DEFAULT_SCORING_MODEL;
    expect(m.weights).toEqual({
      recurring_revenue: 35, growth_pipeline: 15, revenue_growth: 5, product_fit: 10, geo_focus: 0,
      partner_potential: 0, financial_size: 5, relationship: 20, engagement_recency: 10,
    });
    expect(m.anchors.recurring_revenue).toEqual([
      { value: 0, points: 0 }, { value: 10_000, points: 25 }, { value: 50_000, points: 50 }, { value: 100_000, points: 75 }, { value: 250_000, points: 100 },
    ]);
    expect(m.anchors.engagement_recency.map((a) => [a.value, a.points])).toEqual([[0, 100], [14, 100], [30, 75], [90, 40], [180, 0]]);
    expect(m.categories.product_fit).toMatchObject({ icp_tier_1: 100, icp_tier_2: 66, icp_tier_3: 33 });
    expect(m.neutral_points.product_fit).toBe(50);
    expect(m.thresholds).toEqual({ tier_1: 70, tier_2: 45 });
    expect(m.hysteresis).toBe(3);
    expect(m.near_miss_margin).toBe(5);
    expect(m.capacity).toEqual({ min: 5, max: 25, policy: 'flag' });
    expect(m.stakeholders.required_roles).toEqual({
      tier_1: ['DECISION_MAKER', 'CHAMPION', 'EXECUTIVE_SPONSOR'], tier_2: ['DECISION_MAKER', 'CHAMPION'], tier_3: ['DECISION_MAKER'],
    });
    expect(m.stakeholders.engagement_window_days).toBe(90);
    expect(m.stakeholders.champion_dark_days).toBe(60);
    expect(m.cadence.tier_1).toEqual({ touch_every_days: 14, meeting_every_days: 30, qbr_every_days: 92, min_channels: 2 });
    expect(m.cadence.tier_2).toEqual({ touch_every_days: 30, meeting_every_days: 90, qbr_every_days: null, min_channels: 1 });
    expect(m.cadence.tier_3).toEqual({ touch_every_days: 90, meeting_every_days: null, qbr_every_days: null, min_channels: 1 });
    expect(m.cadence.qbr_title_patterns).toEqual(['QBR', 'quarterly business review', 'business review', 'EBR']);
    expect(m.cadence.due_soon_days).toBe(7);
    expect(m.look_back_days).toBe(365);
    expect(m.partner_types).toEqual(['PARTNER', 'RESELLER', 'VENDOR']);
    expect(m.tasks).toEqual({
      gap_kinds: {
        tier_1: ['touch_overdue', 'meeting_overdue', 'qbr_overdue', 'missing_role', 'champion_dark', 'plan_review_overdue', 'departed_contact'],
        tier_2: ['touch_overdue', 'meeting_overdue', 'qbr_overdue', 'missing_role', 'champion_dark', 'plan_review_overdue', 'departed_contact'],
        tier_3: ['touch_overdue'],
      },
      daily_budget: 10,
      max_open_per_owner: 20,
    });
  });

  it('when the task policy names an unknown gap kind, a kind twice or a budget out of range, then each issue names its field', () => {
    expect(issuesOf({ tasks: { gap_kinds: { tier_2: ['touch_overdue', 'touch_overdue'], tier_3: ['nonsense'] }, daily_budget: 2.5, max_open_per_owner: 0 } })).toEqual([
      { path: 'tasks.gap_kinds.tier_2', message: 'must not list a gap kind twice' },
      { path: 'tasks.gap_kinds.tier_3.0', message: 'must be one of touch_overdue, meeting_overdue, qbr_overdue, missing_role, champion_dark, plan_review_overdue, departed_contact' },
      { path: 'tasks.daily_budget', message: 'must be a whole number' },
      { path: 'tasks.max_open_per_owner', message: 'must be between 1 and 1000' },
    ]);
  });

  it('when a model stored before departed_contact existed is loaded, then it is valid and keeps its own task policy; a model with no task policy gets the new default', () => {
    const older = { tasks: { gap_kinds: { tier_1: ['touch_overdue', 'meeting_overdue', 'qbr_overdue', 'missing_role', 'champion_dark', 'plan_review_overdue'], tier_2: ['touch_overdue'], tier_3: ['touch_overdue'] } } };
    expect(parsed(older).tasks.gap_kinds.tier_1).not.toContain('departed_contact');
    expect(parsed(older).relationships).toEqual({ our_levels: {}, window_days: 180 });
    expect(parsed({ tasks: { daily_budget: 5 } }).tasks.gap_kinds.tier_2).toContain('departed_contact');
    expect(parsed({ tasks: { gap_kinds: { tier_3: ['touch_overdue', 'departed_contact'] } } }).tasks.gap_kinds.tier_3).toEqual(['touch_overdue', 'departed_contact']);
  });

  it('when the task budget changes, then the model version changes with it', () => {
    expect(scoringModelVersion(parsed({ tasks: { daily_budget: 5 } }))).not.toBe(scoringModelVersion(DEFAULT_SCORING_MODEL));
  });

  it('when a partial model is given, then the rest is completed with the defaults', () => {
    const m = parsed({ weights: { geo_focus: 10 }, capacity: { policy: 'cap' } });
    expect(m.weights.geo_focus).toBe(10);
    expect(m.weights.recurring_revenue).toBe(35);
    expect(m.capacity).toEqual({ min: 5, max: 25, policy: 'cap' });
  });

  it('when null or undefined is given, then the defaults are returned', () => {
    expect(parsed(undefined)).toEqual(DEFAULT_SCORING_MODEL);
    expect(parsed(null)).toEqual(DEFAULT_SCORING_MODEL);
  });

  it('when a weight is negative, then the issue names the weight', () => {
    expect(issuesOf({ weights: { recurring_revenue: -1 } })).toEqual([
      { path: 'weights.recurring_revenue', message: 'must be 0 or more (0 turns the criterion off)' },
    ]);
  });

  it('when every weight is zero, then the issue says at least one must count', () => {
    const zero = Object.fromEntries(Object.keys(DEFAULT_SCORING_MODEL.weights).map((k) => [k, 0]));
    expect(issuesOf({ weights: zero })).toEqual([{ path: 'weights', message: 'at least one weight must be above 0' }]);
  });

  it('when anchors are out of order or points out of range, then each issue names the anchor', () => {
    const issues = issuesOf({ anchors: { growth_pipeline: [{ value: 5, points: 10 }, { value: 1, points: 120 }] } });
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: 'anchors.growth_pipeline.1.points', message: 'must be between 0 and 100 points' },
        { path: 'anchors.growth_pipeline.1.value', message: expect.stringContaining('sorted by value') },
      ]),
    );
  });

  it('when there is a single anchor, then it is rejected', () => {
    expect(issuesOf({ anchors: { financial_size: [{ value: 1, points: 1 }] } })[0]?.path).toBe('anchors.financial_size');
  });

  it('when tier_1 is not above tier_2, then the issue names thresholds.tier_1', () => {
    expect(issuesOf({ thresholds: { tier_1: 40, tier_2: 45 } })).toContainEqual({ path: 'thresholds.tier_1', message: 'tier_1 must be above tier_2' });
  });

  it('when the hysteresis band is as wide as half the tier gap, then it is rejected', () => {
    expect(issuesOf({ hysteresis: 12.5 })[0]).toEqual({ path: 'hysteresis', message: expect.stringContaining('less than half') });
  });

  it('when capacity min is above max, then the issue names capacity.min', () => {
    expect(issuesOf({ capacity: { min: 30, max: 25 } })).toEqual([{ path: 'capacity.min', message: 'min must not be above max' }]);
  });

  it('when the capacity policy is unknown, then the message lists the choices', () => {
    expect(issuesOf({ capacity: { policy: 'demote' } })).toEqual([{ path: 'capacity.policy', message: "must be 'flag' or 'cap'" }]);
  });

  it('when a key is misspelled, then it is named as unknown', () => {
    expect(issuesOf({ weights: { recuring_revenue: 10 } })).toEqual([
      { path: 'weights.recuring_revenue', message: 'is not a setting Keyline knows (check the spelling)' },
    ]);
  });

  it('when a value has the wrong type, then the message says what was expected and what came', () => {
    expect(issuesOf({ near_miss_margin: 'five' })).toEqual([{ path: 'near_miss_margin', message: 'must be a number of points' }]);
    expect(issuesOf({ cadence: 'weekly' })).toEqual([{ path: 'cadence', message: 'must be an object, got text' }]);
  });

  it('when a required role is unknown or repeated, then the role list is named', () => {
    expect(issuesOf({ stakeholders: { required_roles: { tier_2: ['CEO'] } } })[0]?.path).toBe('stakeholders.required_roles.tier_2.0');
    expect(issuesOf({ stakeholders: { required_roles: { tier_3: ['CHAMPION', 'CHAMPION'] } } })).toEqual([
      { path: 'stakeholders.required_roles.tier_3', message: 'must not list a role twice' },
    ]);
  });

  it('when cadence days are not whole positive numbers, then the rule is named', () => {
    expect(issuesOf({ cadence: { tier_1: { touch_every_days: 0 } } })).toEqual([
      { path: 'cadence.tier_1.touch_every_days', message: 'must be at least 1 day' },
    ]);
    expect(issuesOf({ cadence: { tier_2: { meeting_every_days: 1.5 } } })[0]?.path).toBe('cadence.tier_2.meeting_every_days');
  });

  it('when confidence high is below medium, then it is rejected', () => {
    expect(issuesOf({ confidence: { high: 0.4, medium: 0.5 } })).toEqual([{ path: 'confidence.high', message: 'high must not be below medium' }]);
  });

  it('when the input is valid, then the model is frozen', () => {
    expect(Object.isFrozen(parsed({}).weights)).toBe(true);
  });
});

describe('the model version', () => {
  it('when the model is the same, then the version is the same short hash', () => {
    const version = scoringModelVersion(DEFAULT_SCORING_MODEL);
    expect(version).toMatch(/^m-[0-9a-f]{12}$/);
    expect(scoringModelVersion(parsed({}))).toBe(version);
    expect(scoringModelVersion(scoringModelSchema.parse({}))).toBe(version);
  });

  it('when keys come in another order, then the version does not change', () => {
    const reordered = JSON.parse(JSON.stringify(DEFAULT_SCORING_MODEL), (_key, value: unknown) =>
      value !== null && typeof value === 'object' && !Array.isArray(value)
        ? Object.fromEntries(Object.entries(value).reverse())
        : value,
    ) as ScoringModel;
    expect(Object.keys(reordered)[0]).not.toBe(Object.keys(DEFAULT_SCORING_MODEL)[0]);
    expect(scoringModelVersion(reordered)).toBe(scoringModelVersion(DEFAULT_SCORING_MODEL));
  });

  it('when any setting changes, then the version changes', () => {
    expect(scoringModelVersion(parsed({ hysteresis: 2 }))).not.toBe(scoringModelVersion(DEFAULT_SCORING_MODEL));
    expect(scoringModelVersion(parsed({ cadence: { qbr_title_patterns: ['QBR'] } }))).not.toBe(scoringModelVersion(DEFAULT_SCORING_MODEL));
  });
});

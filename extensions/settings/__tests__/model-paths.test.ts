import { issuesByPath, setAt, shownPaths } from '../model-paths';

const model = {
  weights: { recurring_revenue: 35, relationship: 20 },
  anchors: { recurring_revenue: [{ value: 0, points: 0 }, { value: 10, points: 25 }] },
  roles: ['CHAMPION', 'DECISION_MAKER'],
  hysteresis: 3,
};

describe('model paths', () => {
  test('when a deep value is replaced, then a new model is returned and the original is untouched', () => {
    const next = setAt(model, ['anchors', 'recurring_revenue', 1, 'points'], 30);

    expect(next).toEqual({ ...model, anchors: { recurring_revenue: [{ value: 0, points: 0 }, { value: 10, points: 30 }] } });
    expect(model.anchors.recurring_revenue[1]?.points).toBe(25);
    expect(next['weights']).toBe(model.weights);
  });

  test('when the form lists what it shows, then list fields are one path and objects in lists are walked', () => {
    expect(shownPaths(model)).toEqual([
      'weights',
      'weights.recurring_revenue',
      'weights.relationship',
      'anchors',
      'anchors.recurring_revenue',
      'anchors.recurring_revenue.0',
      'anchors.recurring_revenue.0.value',
      'anchors.recurring_revenue.0.points',
      'anchors.recurring_revenue.1',
      'anchors.recurring_revenue.1.value',
      'anchors.recurring_revenue.1.points',
      'roles',
      'hysteresis',
    ]);
  });

  test('when issues arrive, then each goes to its field, else its nearest shown ancestor, else to the page', () => {
    const grouped = issuesByPath(
      [
        { path: 'weights.relationship', message: 'must be 0 or more' },
        { path: 'roles.1', message: 'is not a role' },
        { path: 'weights', message: 'at least one weight must be above 0' },
        { path: 'nonsense.deep', message: 'is not a setting' },
        { path: '', message: 'must be an object' },
      ],
      model,
    );

    expect(Object.fromEntries(grouped)).toEqual({
      'weights.relationship': ['must be 0 or more'],
      roles: ['is not a role'],
      weights: ['at least one weight must be above 0'],
      '': ['is not a setting', 'must be an object'],
    });
  });
});

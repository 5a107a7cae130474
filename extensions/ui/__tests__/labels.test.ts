import { BUYING_ROLES, TIER_LABELS, TIERS } from '../../../server/src/domain/types';
import { BUYING_ROLE_VALUES, formatDay, formatPoints, TIER_NAMES, TIER_ORDER } from '../labels';

describe('the cards vocabulary', () => {
  test('when the cards name a tier, then they use the domain names exactly', () => {
    expect(TIER_NAMES).toEqual(TIER_LABELS);
    expect(TIER_ORDER).toEqual(TIERS);
  });

  test('when the cards list buying roles, then they list the domain roles in the same order', () => {
    expect(BUYING_ROLE_VALUES).toEqual(BUYING_ROLES);
  });

  test('when a date or a score is shown, then it is a day and at most one decimal', () => {
    expect(formatDay('2026-11-22T23:59:00.000Z')).toBe('2026-11-22');
    expect(formatDay(null)).toBe('never');
    expect(formatPoints(57)).toBe('57');
    expect(formatPoints(3.25)).toBe('3.3');
  });
});

/**
 * The cards' contract (extensions/api/account-view.ts) spells out the domain's vocabularies itself, because the UI
 * package HubSpot builds cannot import the backend. These must stay the same lists as the domain's.
 */
import {
  buyingRoleSchema,
  cadenceStatusSchema,
  confidenceSchema,
  coverageFlagSchema,
  criterionSchema,
  levelSchema,
  tierSchema,
} from '../../extensions/api/account-view';
import { BUYING_ROLES, CADENCE_STATUSES, CONFIDENCES, COVERAGE_FLAGS, CRITERIA, LEVELS, TIERS } from '../../server/src/domain/types';

describe('the account view and the domain speak the same vocabulary', () => {
  it.each([
    ['tiers', tierSchema.options, TIERS],
    ['buying roles', buyingRoleSchema.options, BUYING_ROLES],
    ['levels', levelSchema.options, LEVELS],
    ['confidences', confidenceSchema.options, CONFIDENCES],
    ['cadence statuses', cadenceStatusSchema.options, CADENCE_STATUSES],
    ['criteria', criterionSchema.options, CRITERIA],
    ['coverage flags', coverageFlagSchema.options, COVERAGE_FLAGS],
  ])('when the domain names its %s, then the cards accept exactly those', (_what, inView, inDomain) => {
    expect([...inView]).toEqual([...inDomain]);
  });
});

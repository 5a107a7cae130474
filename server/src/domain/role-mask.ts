/**
 * Buying roles as bits, so that "which required roles are covered" is one AND over a precomputed mask: the compiled
 * model keeps each tier's required roles as a mask (compile-model.ts) and coverage ORs the engaged stakeholders'
 * roles (assess-coverage.ts).
 */
import { BUYING_ROLES, type BuyingRole } from './types';

/** One bit per buying role, in BUYING_ROLES order. */
export const ROLE_BIT: Readonly<Record<BuyingRole, number>> = Object.fromEntries(BUYING_ROLES.map((role, i) => [role, 1 << i])) as Record<
  BuyingRole,
  number
>;

/** Bits of `roles` (one per role, as in ROLE_BIT). */
export function roleMask(roles: readonly BuyingRole[]): number {
  let mask = 0;
  for (let i = 0; i < roles.length; i += 1) mask |= ROLE_BIT[roles[i] as BuyingRole];
  return mask;
}

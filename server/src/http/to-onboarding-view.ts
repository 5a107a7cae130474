/** A new customer's onboarding (the engine's `OnboardingState`) → the account view's `onboarding` block. Pure. */
import type { OnboardingView } from '@keyline/contract/onboarding-view';
import type { OnboardingState } from '../domain/types';

export function toOnboardingView(state: OnboardingState): OnboardingView {
  const items = state.items.map((i) => ({
    key: i.key,
    label: i.label,
    dueAt: i.dueAt.toISOString(),
    state: i.doneAt !== null ? ('done' as const) : i.overdue ? ('overdue' as const) : ('open' as const),
    doneAt: i.doneAt === null ? null : i.doneAt.toISOString(),
    doneBy: i.doneAt === null ? null : (i.doneBy ?? 'evidence'),
    manual: i.manual,
    taskDeleted: i.taskDeleted === true,
  }));
  return {
    wonAt: state.wonAt.toISOString(),
    done: items.filter((i) => i.state === 'done').length,
    total: items.length,
    overdue: items.filter((i) => i.state === 'overdue').length,
    items,
  };
}

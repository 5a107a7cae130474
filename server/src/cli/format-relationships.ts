/**
 * The relationship matrix as `keyline explain` prints it (issue #16): one line per person of ours (level, whether
 * they left) with their stakeholders (level, last touch, touches in the window), then the flags with their reasons and
 * which of them can become a task.
 */
import type { RelationshipsView } from '@keyline/contract/relationships-view';

const day = (iso: string | null) => (iso === null ? 'never' : iso.slice(0, 10));

const FLAG_NOTE: Readonly<Record<RelationshipsView['flags'][number]['flag'], string>> = {
  departed_only: 'a task (departed_contact) when the stakeholder is key and was touched in the window, on the tiers the task policy names',
  no_executive_contact: 'shown, never a task',
  single_threaded_ours: 'shown, never a task',
};

export function formatRelationships(view: RelationshipsView): string {
  const lines = [`Relationships (our people × their stakeholders; touches in ${view.windowDays} days):`];
  const theirs = new Map(view.theirs.map((t) => [t.contactId, t]));
  if (view.ours.length === 0) lines.push('  no call, email or meeting of ours with their stakeholders on record');
  for (const o of view.ours) {
    const tags = [o.level ?? 'level not set', ...(o.departed ? ['left'] : [])].join(', ');
    const pairs = view.pairs
      .filter((p) => p.ownerId === o.ownerId)
      .sort((a, b) => b.lastTouchAt.localeCompare(a.lastTouchAt))
      .map((p) => {
        const t = theirs.get(p.contactId);
        return `${t?.name ?? `contact ${p.contactId}`} (${t?.level ?? 'unknown level'}) ${day(p.lastTouchAt)} ×${p.touches}`;
      });
    lines.push(`  ${o.name} (${tags}): ${pairs.join('; ')}`);
  }
  if (view.flags.length === 0) lines.push('  flags: none');
  else {
    lines.push('  flags:');
    for (const f of view.flags) lines.push(`  - ${f.flag}: ${f.reason} [${FLAG_NOTE[f.flag]}]`);
  }
  if (!view.ownersKnown) lines.push('  (the portal’s owners were not known when scored: colleagues who left cannot be told)');
  if (!view.ourLevelsKnown) lines.push('  (no one of ours has a level: executive-level contact is unknown; set relationships.our_levels)');
  return lines.join('\n');
}

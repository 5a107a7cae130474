/**
 * The report's "Attention" section (issue #16): per owner with something to act on, time against capacity, attention
 * share vs value share by tier, under-served tier-1 and over-served accounts, and where an over-capacity owner could
 * hand accounts on. Over-capacity owners first; the JSON (`attention`) holds every owner.
 */
import { TIER_LABELS, TIERS } from '../domain/types';
import { byNumericId, type PortfolioView } from '../use-cases';

const TOP_OWNERS = 10;
const TOP_FLAGS = 3;

type OwnerAttentionLine = NonNullable<PortfolioView['attention']>['owners'][number];

const pct = (n: number | null) => (n === null ? 'n/a' : `${Math.round(n * 100)}%`);
const who = (name: string, id: string) => (name === id || name === `Owner ${id}` ? `Owner ${id} (name unknown)` : `${name} (${id})`);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
/** How far over capacity: the larger of hours over capacity and tier-1 accounts over the maximum, as ratios. */
const overBy = (o: OwnerAttentionLine) => Math.max(o.capacityHoursPerWeek > 0 ? o.hoursPerWeek / o.capacityHoursPerWeek : 0, o.tier1Max > 0 ? o.tier1Count / o.tier1Max : 0);

/**
 * Only owners with something to act on, worst first: those who left (their accounts need a new owner), those over
 * capacity (by how far), then those with tier-1 accounts nobody touched in the window (by how many). Smaller gaps
 * (a tier-1 account touched less than its value share) stay in the JSON, so the section stays short enough to act on.
 */
export function formatAttention(out: string[], r: PortfolioView): void {
  const a = r.attention;
  if (!a) return;
  const departed = a.owners.filter((o) => o.departed).sort((x, y) => y.accountsOwned - x.accountsOwned || byNumericId(x.ownerId, y.ownerId));
  const over = a.owners.filter((o) => !o.departed && o.overCapacity).sort((x, y) => overBy(y) - overBy(x) || byNumericId(x.ownerId, y.ownerId));
  const untouched = a.owners.filter((o) => !o.departed && !o.overCapacity && o.untouchedTier1 > 0).sort((x, y) => y.untouchedTier1 - x.untouchedTier1 || byNumericId(x.ownerId, y.ownerId));
  const owners = [...over, ...untouched];
  const shown = owners.slice(0, TOP_OWNERS);
  const parts = [`${plural(over.length, 'owner')} over capacity`, `${plural(untouched.length, 'other')} with tier-1 accounts nobody touched`];
  if (departed.length > 0) parts.push(`${plural(departed.length, 'owner')} who left`);
  out.push('', `Attention (last ${a.windowDays} days): ${parts.join(', ')}${owners.length > shown.length ? ` (${shown.length} shown; --json lists all)` : ''}`);
  for (const o of departed) {
    const tier1 = o.tier1Count > 0 ? ` (${o.tier1Count} tier 1)` : '';
    out.push(`  ${who(o.ownerName, o.ownerId)} is no longer in HubSpot: ${plural(o.accountsOwned, 'account')}${tier1} need${o.accountsOwned === 1 ? 's' : ''} a new owner`);
  }
  for (const o of shown) {
    const load = `${o.hoursPerWeek} h/week of ${o.capacityHoursPerWeek}, ${o.tier1Count} tier-1 of max ${o.tier1Max}`;
    const untouchedNote = o.untouchedTier1 > 0 ? `, ${plural(o.untouchedTier1, 'tier-1 account')} nobody touched` : '';
    out.push(`  ${who(o.ownerName, o.ownerId)}: ${load}${o.overCapacity ? ' — over capacity' : ''}${untouchedNote}`);
    out.push(`    time vs value: ${TIERS.map((t) => `${TIER_LABELS[t]} ${pct(o.byTier[t].attentionShare)} vs ${pct(o.byTier[t].valueShare)}`).join(', ')}`);
    for (const f of o.underServed.slice(0, TOP_FLAGS)) out.push(`    under-served: ${f.companyName} (${f.companyId}) — ${f.reason}`);
    if (o.counts.underServed > TOP_FLAGS) out.push(`    … and ${o.counts.underServed - TOP_FLAGS} more under-served`);
    if (o.overCapacity) {
      // Where the time goes matters when there is too little of it.
      for (const f of o.overServed.slice(0, TOP_FLAGS)) out.push(`    over-served: ${f.companyName} (${f.companyId}) — ${f.reason}`);
      if (o.counts.overServed > TOP_FLAGS) out.push(`    … and ${o.counts.overServed - TOP_FLAGS} more over-served`);
    }
    for (const s of o.suggestions) out.push(`    move ${s.companyName} (${s.companyId}) to ${who(s.toOwnerName, s.toOwnerId)}: ${s.reason}`);
  }
}

/**
 * The report's "Attention" section (issue #16): per owner with something to act on, time against capacity, attention
 * share vs value share by tier, under-served tier-1 and over-served accounts, and where an over-capacity owner could
 * hand accounts on. Over-capacity owners first; the JSON (`attention`) holds every owner.
 */
import { TIER_LABELS, TIERS } from '../domain/types';
import { byNumericId, type PortfolioView } from '../use-cases';

const TOP_OWNERS = 20;
const TOP_FLAGS = 3;

type OwnerAttentionLine = NonNullable<PortfolioView['attention']>['owners'][number];

const pct = (n: number | null) => (n === null ? 'n/a' : `${Math.round(n * 100)}%`);
const who = (name: string, id: string) => (name === id || name === `Owner ${id}` ? `Owner ${id} (name unknown)` : `${name} (${id})`);

export function formatAttention(out: string[], r: PortfolioView): void {
  const a = r.attention;
  if (!a) return;
  const worth = (o: OwnerAttentionLine) => o.overCapacity || o.underServed.length > 0 || o.overServed.length > 0;
  const owners = a.owners.filter(worth).sort((x, y) => Number(y.overCapacity) - Number(x.overCapacity) || byNumericId(x.ownerId, y.ownerId));
  const shown = owners.slice(0, TOP_OWNERS);
  out.push('', `Attention (last ${a.windowDays} days): ${owners.length} owner${owners.length === 1 ? '' : 's'} to look at${owners.length > shown.length ? ` (${shown.length} shown; --json lists all)` : ''}`);
  for (const o of shown) {
    const load = `${o.hoursPerWeek} h/week of ${o.capacityHoursPerWeek}, ${o.tier1Count} tier-1 of max ${o.tier1Max}`;
    out.push(`  ${who(o.ownerName, o.ownerId)}: ${load}${o.overCapacity ? ' — over capacity' : ''}`);
    out.push(`    time vs value: ${TIERS.map((t) => `${TIER_LABELS[t]} ${pct(o.byTier[t].attentionShare)} vs ${pct(o.byTier[t].valueShare)}`).join(', ')}`);
    for (const f of o.underServed.slice(0, TOP_FLAGS)) out.push(`    under-served: ${f.companyName} (${f.companyId}) — ${f.reason}`);
    if (o.counts.underServed > TOP_FLAGS) out.push(`    … and ${o.counts.underServed - TOP_FLAGS} more under-served`);
    for (const f of o.overServed.slice(0, TOP_FLAGS)) out.push(`    over-served: ${f.companyName} (${f.companyId}) — ${f.reason}`);
    if (o.counts.overServed > TOP_FLAGS) out.push(`    … and ${o.counts.overServed - TOP_FLAGS} more over-served`);
    for (const s of o.suggestions) out.push(`    move ${s.companyName} (${s.companyId}) to ${who(s.toOwnerName, s.toOwnerId)}: ${s.reason}`);
  }
}

/**
 * The report's "Onboarding" section (issue #16, part 3): new customers in onboarding, their checklist items done, open
 * and overdue, the tasks waiting for the onboarding allowance, per owner (most overdue first) and the customers with
 * the most overdue items. The JSON (`onboarding`) holds every owner and up to 100 customers.
 */
import { byNumericId, type PortfolioView } from '../use-cases';

const TOP = 10;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function formatOnboarding(out: string[], r: PortfolioView): void {
  const o = r.onboarding;
  if (!o) return;
  out.push(
    '',
    `Onboarding: ${plural(o.customers, 'new customer')} — items ${o.items.done} done, ${o.items.open} open, ${o.items.overdue} overdue; ${plural(o.waiting, 'task')} waiting for the daily allowance`,
  );
  const owners = [...o.owners].sort((a, b) => b.overdue - a.overdue || b.waiting - a.waiting || byNumericId(a.ownerId ?? '', b.ownerId ?? ''));
  for (const w of owners.slice(0, TOP)) {
    const who = w.ownerId === null ? 'no owner' : `${w.ownerName ?? `Owner ${w.ownerId}`} (${w.ownerId})`;
    out.push(`    ${who}: ${plural(w.customers, 'customer')}, ${w.done} done, ${w.open} open, ${w.overdue} overdue${w.waiting > 0 ? `, ${w.waiting} waiting` : ''}`);
  }
  if (owners.length > TOP) out.push(`    … and ${owners.length - TOP} more owners (--json lists all)`);
  const late = o.accounts.filter((a) => a.overdue > 0).slice(0, TOP);
  if (late.length > 0) out.push('  most overdue:');
  for (const a of late) out.push(`    ${a.companyName || '(no name)'} (${a.companyId}) — won ${a.wonAt.slice(0, 10)}, ${a.done}/${a.total} done, ${a.overdue} overdue`);
}

/** `keyline sync`'s text: the run's outcome, counts and errors, and with --dry-run the plan with samples. */
import type { PlanSummary, RunRecord } from '../use-cases';

export function formatRun(run: RunRecord, nameOf: (ownerId: string | null) => string | null = () => null): string {
  const owner = (id: string | null) => {
    const name = id === null ? null : nameOf(id);
    return id === null ? 'none' : name !== null && name !== `Owner ${id}` ? `${name}, ${id}` : id;
  };
  const c = run.counts;
  const calls = Object.values(run.apiCalls).reduce((a, b) => a + b, 0);
  const secs = run.endedAt ? (run.endedAt.getTime() - run.startedAt.getTime()) / 1000 : null;
  const out = [
    `Sync ${run.mode}${run.dryRun ? ' (dry run: nothing written)' : ''}: ${run.status}${run.message ? ` — ${run.message}` : ''}`,
    `  run ${run.id}${secs !== null ? `, ${secs.toFixed(1)} s` : ''}`,
    `  companies read ${c.companiesRead}, scored ${c.companiesScored}, ${run.dryRun ? 'to write' : 'written'} ${c.companiesWritten} (${c.propertyWrites} values)`,
    `  tasks ${run.dryRun ? 'to create' : 'created'} ${c.tasksCreated}, ${run.dryRun ? 'to close' : 'closed'} ${c.tasksClosed}${
      typeof (run.details['taskBudget'] as { queued?: unknown } | undefined)?.queued === 'number'
        ? `, queued for later days ${(run.details['taskBudget'] as { queued: number }).queued} (daily budget per owner)`
        : ''
    }`,
    `  HubSpot API calls ${calls}${c.companiesRead > 0 ? ` (${(calls / c.companiesRead).toFixed(3)} per company)` : ''}`,
  ];
  if (run.errors.length > 0) {
    out.push(`  errors ${run.errors.length}:`);
    for (const e of run.errors.slice(0, 10)) out.push(`    ${e.companyId ?? '-'}: ${e.message}`);
  }
  const plan = run.details['plan'] as PlanSummary | undefined;
  if (run.dryRun && plan) {
    out.push('', 'Plan: property changes per property');
    for (const [p, n] of Object.entries(plan.changesByProperty).sort((a, b) => b[1] - a[1])) out.push(`  ${p.padEnd(30)} ${n}`);
    out.push('Tasks to create per gap', ...Object.entries(plan.tasksByKind).map(([kind, n]) => `  ${kind.padEnd(30)} ${n}`));
    out.push(`Tasks to close: ${plan.tasksToClose}`, '', 'Samples:');
    for (const s of plan.samples.slice(0, 5)) {
      out.push(`  ${s.companyName} (${s.companyId})`);
      for (const ch of s.changes) out.push(`    ${ch.property}: ${ch.from ?? '∅'} → ${ch.to === '' ? '∅' : ch.to}`);
      for (const t of s.create) out.push(`    + task "${t.subject}" (owner ${owner(t.ownerId)}, ${t.priority})`);
      for (const t of s.close) out.push(`    ✓ close task ${t.taskId} (${t.gapKey})`);
    }
    if ((plan.taskSamples ?? []).length > 0) out.push('', 'Sample tasks (within the daily budget):');
    for (const t of (plan.taskSamples ?? []).slice(0, 5)) out.push(`  + task "${t.subject}" (owner ${owner(t.ownerId)}, ${t.priority})`);
  }
  return out.join('\n');
}

/** `keyline setup`'s text: what the property group, the properties and the lists became. */
import type { SetupReport } from '../use-cases';

export function formatSetup(r: SetupReport): string {
  const count = (o: string) => r.properties.filter((p) => p.outcome === o).length;
  const out = [
    `Property group "keyline": ${r.group}`,
    `Properties: ${count('created')} created, ${count('updated')} updated, ${count('unchanged')} unchanged`,
    ...r.properties.filter((p) => p.outcome !== 'unchanged').map((p) => `  ${p.outcome.padEnd(9)} ${p.name}`),
  ];
  if (r.lists.length > 0) out.push(`Lists: ${r.lists.map((l) => `${l.name} (${l.outcome})`).join(', ')}`);
  return out.join('\n');
}

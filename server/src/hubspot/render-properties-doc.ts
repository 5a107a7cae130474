/**
 * docs/PROPERTIES.md, rendered from the one list of Keyline's properties (keyline-properties.ts).
 * Regenerate: `UPDATE_DOCS=1 npx jest server/src/hubspot/properties-doc.test.ts`.
 */
import { KEYLINE_PROPERTIES, KEYLINE_TASK_KEY, PROPERTY_GROUP, TASK_PROPERTY_GROUP, type KeylinePropertyDefinition } from './keyline-properties';
import { KEYLINE_LISTS } from './keyline-lists';

export function renderPropertiesDoc(): string {
  const rows = (KEYLINE_PROPERTIES as readonly KeylinePropertyDefinition[]).map((p) => {
    const options = p.options ? p.options.map((o) => `\`${o.value}\` ${o.label}`).join('<br>') : '';
    return `| \`${p.name}\` | ${p.label} | ${p.type} / ${p.fieldType} | ${p.humanOwned ? 'people (Keyline only reads it)' : 'Keyline'} | ${p.description}${options ? `<br>${options}` : ''} |`;
  });
  return [
    '# Keyline company properties',
    '',
    '<!-- Generated from server/src/hubspot/keyline-properties.ts by server/src/hubspot/properties-doc.test.ts. Do not edit. -->',
    '',
    `All properties live on companies, in the property group \`${PROPERTY_GROUP.name}\` ("${PROPERTY_GROUP.label}").`,
    '`keyline setup` creates the group and every property idempotently (created / unchanged / updated) and refuses to',
    'touch a same-named property of another type. The sync writes a value only when it differs from what HubSpot holds.',
    '',
    '| property | label | type / field | written by | meaning |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    '## The task property',
    '',
    `On tasks, in the group \`${TASK_PROPERTY_GROUP.name}\` ("${TASK_PROPERTY_GROUP.label}"), \`keyline setup\` creates \`${KEYLINE_TASK_KEY.name}\``,
    `(${KEYLINE_TASK_KEY.label}, ${KEYLINE_TASK_KEY.type} / ${KEYLINE_TASK_KEY.fieldType}): ${KEYLINE_TASK_KEY.description} Keyline writes it on`,
    'every task it creates (`keyline:gap=<company id>/<gap key>`), so the identity it needs against duplicates is not in the',
    'text people read.',
    '',
    '## Saved lists (`keyline setup --lists`)',
    '',
    ...KEYLINE_LISTS.map((l) => {
      const f = l.filterBranch.filterBranches[0]?.filters[0];
      const op = f ? (f.operation.operationType === 'BOOL' ? `= ${String(f.operation.value)}` : `is any of ${f.operation.values.join(', ')}`) : '';
      return `- **${l.name}**: dynamic company list, \`${f?.property ?? ''}\` ${op}`;
    }),
    '',
  ].join('\n');
}

/**
 * `keyline setup`: Keyline's property group and company properties (created or brought up to date; a same-named
 * property of another type is refused before anything changes), and with `--lists` the saved company lists.
 */
import { COMPANY_OBJECT_TYPE_ID, hubSpotPaths } from './api-version';
import { HubSpotRequestError, PropertyConflict } from './errors';
import type { SetupOutcome, SetupReport } from './gateway';
import { hubSpotPropertyGroupSchema, hubSpotPropertySchema, parsePage, type HubSpotProperty } from './hubspot-records';
import type { HubSpotTransport } from './hubspot-transport';
import { KEYLINE_LISTS } from './keyline-lists';
import { KEYLINE_PROPERTIES, KEYLINE_TASK_KEY, PROPERTY_GROUP, TASK_PROPERTY_GROUP, type KeylinePropertyDefinition } from './keyline-properties';

const DEFINITIONS = KEYLINE_PROPERTIES as readonly KeylinePropertyDefinition[];

export async function setupPortal(hs: HubSpotTransport, opts: { lists: boolean }): Promise<SetupReport> {
  const group = await setupPropertyGroup(hs);
  const properties = [...(await setupProperties(hs)), await setupTaskProperty(hs)];
  const lists = opts.lists ? await setupLists(hs) : [];
  return { group, properties, lists };
}

/**
 * The property group: created when missing, relabelled when its label differs.
 * https://developers.hubspot.com/docs/api-reference/latest/crm/properties/groups/get-groups
 * https://developers.hubspot.com/docs/api-reference/latest/crm/properties/groups/create-group
 * https://developers.hubspot.com/docs/api-reference/latest/crm/properties/groups/update-group
 */
async function setupPropertyGroup(hs: HubSpotTransport): Promise<SetupOutcome> {
  const page = parsePage(await hs.request({ method: 'GET', path: hubSpotPaths.propertyGroups('companies') }));
  const existing = page.results.map((g) => hubSpotPropertyGroupSchema.safeParse(g)).find((g) => g.success && g.data.name === PROPERTY_GROUP.name);
  if (!existing?.success) {
    await hs.request({
      method: 'POST',
      path: hubSpotPaths.propertyGroups('companies'),
      body: { name: PROPERTY_GROUP.name, label: PROPERTY_GROUP.label, displayOrder: PROPERTY_GROUP.displayOrder },
    });
    return 'created';
  }
  if (existing.data.label === PROPERTY_GROUP.label) return 'unchanged';
  await hs.request({ method: 'PATCH', path: hubSpotPaths.propertyGroup('companies', PROPERTY_GROUP.name), body: { label: PROPERTY_GROUP.label } });
  return 'updated';
}

/**
 * Keyline's company properties: the missing ones created in one batch, the changed ones updated one by one.
 * https://developers.hubspot.com/docs/api-reference/latest/crm/properties/core/get-properties
 * https://developers.hubspot.com/docs/api-reference/latest/crm/properties/core/update-property
 * https://developers.hubspot.com/docs/api-reference/latest/crm/properties/batch/create-properties
 */
async function setupProperties(hs: HubSpotTransport): Promise<SetupReport['properties']> {
  const page = parsePage(await hs.request({ method: 'GET', path: hubSpotPaths.properties('companies'), query: { archived: false } }));
  const existing = new Map<string, HubSpotProperty>();
  for (const p of page.results) {
    const parsed = hubSpotPropertySchema.safeParse(p);
    if (parsed.success) existing.set(parsed.data.name, parsed.data);
  }
  // Refuse before changing anything.
  for (const def of DEFINITIONS) {
    const have = existing.get(def.name);
    if (have && have.type !== def.type) throw new PropertyConflict(def.name, have.type, def.type);
  }
  const report: SetupReport['properties'] = [];
  const toCreate: ReturnType<typeof propertyBody>[] = [];
  for (const [i, def] of DEFINITIONS.entries()) {
    const have = existing.get(def.name);
    if (!have) {
      toCreate.push(propertyBody(def, i));
      report.push({ name: def.name, outcome: 'created' });
    } else if (isUpToDate(have, def)) {
      report.push({ name: def.name, outcome: 'unchanged' });
    } else {
      const { name: _name, type: _type, ...update } = propertyBody(def, i);
      await hs.request({ method: 'PATCH', path: hubSpotPaths.property('companies', def.name), body: update });
      report.push({ name: def.name, outcome: 'updated' });
    }
  }
  if (toCreate.length > 0) {
    const body = await hs.request({ method: 'POST', path: hubSpotPaths.propertiesBatchCreate('companies'), body: { inputs: toCreate } });
    // 2026-09 answers 200 with any per-input error inside (a name taken meanwhile): setup did not do what it reports.
    const failed = parsePage(body).errors ?? [];
    if (failed.length > 0) {
      throw new HubSpotRequestError(`POST ${hubSpotPaths.propertiesBatchCreate('companies')}`, 200, `HubSpot did not create ${failed.length} of the properties: ${JSON.stringify(failed).slice(0, 300)}`);
    }
  }
  return report;
}

/**
 * Keyline's one property on tasks (`keyline_task_key`, the identity by which it finds its own tasks again), in its own
 * group on tasks; created once, refused when a same-named property of another type exists.
 * https://developers.hubspot.com/docs/api-reference/latest/crm/properties/core/create-property
 */
async function setupTaskProperty(hs: HubSpotTransport): Promise<SetupReport['properties'][number]> {
  const groups = parsePage(await hs.request({ method: 'GET', path: hubSpotPaths.propertyGroups('tasks') }));
  if (!groups.results.some((g) => { const parsed = hubSpotPropertyGroupSchema.safeParse(g); return parsed.success && parsed.data.name === TASK_PROPERTY_GROUP.name; })) {
    await hs.request({
      method: 'POST',
      path: hubSpotPaths.propertyGroups('tasks'),
      body: { name: TASK_PROPERTY_GROUP.name, label: TASK_PROPERTY_GROUP.label, displayOrder: TASK_PROPERTY_GROUP.displayOrder },
    });
  }
  const page = parsePage(await hs.request({ method: 'GET', path: hubSpotPaths.properties('tasks'), query: { archived: false } }));
  const have = page.results
    .map((p) => hubSpotPropertySchema.safeParse(p))
    .flatMap((p) => (p.success && p.data.name === KEYLINE_TASK_KEY.name ? [p.data] : []))[0];
  const name = `tasks.${KEYLINE_TASK_KEY.name}`;
  if (have && have.type !== KEYLINE_TASK_KEY.type) throw new PropertyConflict(KEYLINE_TASK_KEY.name, have.type, KEYLINE_TASK_KEY.type);
  if (have) return { name, outcome: 'unchanged' };
  await hs.request({ method: 'POST', path: hubSpotPaths.properties('tasks'), body: { ...propertyBody(KEYLINE_TASK_KEY, 0), groupName: TASK_PROPERTY_GROUP.name } });
  return { name, outcome: 'created' };
}

function isUpToDate(have: HubSpotProperty, def: KeylinePropertyDefinition): boolean {
  const sameOptions =
    JSON.stringify((have.options ?? []).map((o) => [o.value, o.label ?? ''])) === JSON.stringify((def.options ?? []).map((o) => [o.value, o.label]));
  return (
    have.label === def.label &&
    (have.description ?? '') === def.description &&
    have.groupName === PROPERTY_GROUP.name &&
    have.fieldType === def.fieldType &&
    sameOptions
  );
}

function propertyBody(def: KeylinePropertyDefinition, index: number) {
  return {
    name: def.name,
    label: def.label,
    description: def.description,
    type: def.type,
    fieldType: def.fieldType,
    groupName: PROPERTY_GROUP.name,
    displayOrder: index + 1,
    hasUniqueValue: false,
    formField: false,
    hidden: false,
    ...(def.options ? { options: def.options.map((o, k) => ({ value: o.value, label: o.label, displayOrder: k, hidden: false })) } : {}),
  };
}

/**
 * Whether the portal has Keyline's task property (`keyline setup` creates it; a portal set up before it was added
 * lacks it). One GET; 404 → false.
 * https://developers.hubspot.com/docs/api-reference/latest/crm/properties/core/get-property
 */
export async function hasTaskKeyProperty(hs: HubSpotTransport): Promise<boolean> {
  try {
    await hs.request({ method: 'GET', path: hubSpotPaths.property('tasks', KEYLINE_TASK_KEY.name) });
    return true;
  } catch (err) {
    if (err instanceof HubSpotRequestError && err.status === 404) return false;
    throw err;
  }
}

/**
 * The saved company lists, each created unless one of that name exists.
 * https://developers.hubspot.com/docs/api-reference/latest/crm/lists/lists/get-list-by-name
 * https://developers.hubspot.com/docs/api-reference/latest/crm/lists/lists/create-list
 */
async function setupLists(hs: HubSpotTransport): Promise<SetupReport['lists']> {
  const report: SetupReport['lists'] = [];
  for (const list of KEYLINE_LISTS) {
    try {
      await hs.request({ method: 'GET', path: hubSpotPaths.listByName(COMPANY_OBJECT_TYPE_ID, list.name), query: { includeFilters: false } });
      report.push({ name: list.name, outcome: 'unchanged' });
      continue;
    } catch (err) {
      if (!(err instanceof HubSpotRequestError && err.status === 404)) throw err;
    }
    await hs.request({
      method: 'POST',
      path: hubSpotPaths.lists(),
      body: { name: list.name, objectTypeId: COMPANY_OBJECT_TYPE_ID, processingType: 'DYNAMIC', filterBranch: list.filterBranch },
    });
    report.push({ name: list.name, outcome: 'created' });
  }
  return report;
}

/**
 * The CRM object types the sandbox serves, their HubSpot object type ids, id ranges and the HUBSPOT_DEFINED
 * association types between them (ids from the SDK's AssociationTypes enum, see shared/reference/hubspot-api.md §2.3).
 */

export const OBJECT_TYPES = [
  'companies',
  'contacts',
  'deals',
  'calls',
  'emails',
  'meetings',
  'notes',
  'tasks',
  'products',
  'line_items',
  'feedback_submissions',
] as const;
export type ObjectType = (typeof OBJECT_TYPES)[number];

export const ENGAGEMENT_TYPES = ['calls', 'emails', 'meetings', 'notes', 'tasks'] as const;
export type EngagementType = (typeof ENGAGEMENT_TYPES)[number];

export const OBJECT_TYPE_IDS: Readonly<Record<ObjectType, string>> = {
  contacts: '0-1',
  companies: '0-2',
  deals: '0-3',
  tasks: '0-27',
  notes: '0-46',
  meetings: '0-47',
  calls: '0-48',
  emails: '0-49',
  products: '0-7',
  line_items: '0-8',
  feedback_submissions: '0-19',
};

/**
 * Object types HubSpot's API only reads: feedback submissions (survey answers come from HubSpot's surveys, never from
 * the API). A create, update or delete answers HubSpot's error (./http/object-routes.ts).
 * https://developers.hubspot.com/docs/api-reference/latest/crm/objects/feedback-submissions/guide
 */
export const READ_ONLY_TYPES: ReadonlySet<ObjectType> = new Set<ObjectType>(['feedback_submissions']);

const SINGULAR: Readonly<Record<ObjectType, string>> = {
  companies: 'company',
  contacts: 'contact',
  deals: 'deal',
  calls: 'call',
  emails: 'email',
  meetings: 'meeting',
  notes: 'note',
  tasks: 'task',
  products: 'product',
  line_items: 'line_item',
  feedback_submissions: 'feedback_submission',
};

/** Record ids of each type start at a distinct base, so an id alone says what it is when debugging. */
export const ID_BASE: Readonly<Record<ObjectType, number>> = {
  companies: 1_000_000_000,
  contacts: 2_000_000_000,
  deals: 3_000_000_000,
  calls: 4_000_000_000,
  emails: 5_000_000_000,
  meetings: 6_000_000_000,
  notes: 7_000_000_000,
  tasks: 8_000_000_000,
  products: 9_000_000_000,
  line_items: 10_000_000_000,
  feedback_submissions: 11_000_000_000,
};

export function singularOf(type: ObjectType): string {
  return SINGULAR[type];
}

/** Accepts the names HubSpot accepts in paths: plural, singular, object type id ("companies", "company", "0-2"). */
export function parseObjectType(raw: string): ObjectType | undefined {
  const s = raw.toLowerCase();
  for (const t of OBJECT_TYPES) {
    if (t === s || SINGULAR[t] === s || OBJECT_TYPE_IDS[t] === s) return t;
  }
  return undefined;
}

export function isEngagementType(t: ObjectType): t is EngagementType {
  return (ENGAGEMENT_TYPES as readonly string[]).includes(t);
}

export type AssociationCategory = 'HUBSPOT_DEFINED' | 'USER_DEFINED' | 'INTEGRATOR_DEFINED';

export interface AssociationTypeSpec {
  category: AssociationCategory;
  typeId: number;
  label?: string;
}

interface AssociationDefinition {
  from: ObjectType;
  to: ObjectType;
  typeId: number;
  label?: string;
  category: AssociationCategory;
}

const pairs: [ObjectType, ObjectType, number, number][] = [
  // [from, to, default typeId from→to, reverse typeId to→from]
  ['contacts', 'companies', 279, 280],
  ['deals', 'companies', 341, 342],
  ['deals', 'contacts', 3, 4],
  ['tasks', 'companies', 192, 191],
  ['tasks', 'contacts', 204, 203],
  ['tasks', 'deals', 216, 215],
  ['notes', 'companies', 190, 189],
  ['notes', 'contacts', 202, 201],
  ['notes', 'deals', 214, 213],
  ['calls', 'companies', 182, 181],
  ['calls', 'contacts', 194, 193],
  ['calls', 'deals', 206, 205],
  ['emails', 'companies', 186, 185],
  ['emails', 'contacts', 198, 197],
  ['emails', 'deals', 210, 209],
  ['meetings', 'companies', 188, 187],
  ['meetings', 'contacts', 200, 199],
  ['meetings', 'deals', 212, 211],
  // Outcomes (issue #15): a deal's line items, and a contact's survey answers (HubSpot associates feedback
  // submissions with contacts and tickets only, never with companies: SDK AssociationTypes 19/20, 97/98).
  ['deals', 'line_items', 19, 20],
  ['contacts', 'feedback_submissions', 97, 98],
];

/** Labelled contact↔company associations (USER_DEFINED, as a portal admin would configure them). */
export const CONTACT_COMPANY_LABELS = [
  { label: 'Decision maker', contactToCompany: 11, companyToContact: 12 },
  { label: 'Champion', contactToCompany: 13, companyToContact: 14 },
  { label: 'Executive sponsor', contactToCompany: 15, companyToContact: 16 },
  { label: 'Budget holder', contactToCompany: 17, companyToContact: 18 },
] as const;

const DEFINITIONS: AssociationDefinition[] = [
  ...pairs.flatMap(([from, to, forward, reverse]): AssociationDefinition[] => [
    { from, to, typeId: forward, category: 'HUBSPOT_DEFINED' },
    { from: to, to: from, typeId: reverse, category: 'HUBSPOT_DEFINED' },
  ]),
  { from: 'contacts', to: 'companies', typeId: 1, label: 'Primary', category: 'HUBSPOT_DEFINED' },
  { from: 'companies', to: 'contacts', typeId: 2, label: 'Primary', category: 'HUBSPOT_DEFINED' },
  { from: 'deals', to: 'companies', typeId: 5, label: 'Primary', category: 'HUBSPOT_DEFINED' },
  { from: 'companies', to: 'deals', typeId: 6, label: 'Primary', category: 'HUBSPOT_DEFINED' },
  ...CONTACT_COMPANY_LABELS.flatMap(({ label, contactToCompany, companyToContact }): AssociationDefinition[] => [
    { from: 'contacts', to: 'companies', typeId: contactToCompany, label, category: 'USER_DEFINED' },
    { from: 'companies', to: 'contacts', typeId: companyToContact, label, category: 'USER_DEFINED' },
  ]),
];

/** The default (unlabelled) association type from one object type to another, if HubSpot defines one. */
export function defaultAssociationType(from: ObjectType, to: ObjectType): AssociationTypeSpec | undefined {
  const d = DEFINITIONS.find((x) => x.from === from && x.to === to && x.category === 'HUBSPOT_DEFINED' && !x.label);
  return d ? { category: d.category, typeId: d.typeId } : undefined;
}

/** Finds the association definition for a typeId used from `from` (e.g. a task created with typeId 192 → companies). */
export function findAssociationType(
  from: ObjectType,
  typeId: number,
  category?: string,
): (AssociationTypeSpec & { to: ObjectType }) | undefined {
  const d = DEFINITIONS.find((x) => x.from === from && x.typeId === typeId && (!category || x.category === category));
  if (!d) return undefined;
  return { to: d.to, category: d.category, typeId: d.typeId, ...(d.label ? { label: d.label } : {}) };
}

/** The same association seen from the other side (e.g. 192 task→company ↔ 191 company→task). */
export function reverseAssociationType(
  from: ObjectType,
  to: ObjectType,
  spec: AssociationTypeSpec,
): AssociationTypeSpec | undefined {
  const d = DEFINITIONS.find((x) => x.from === from && x.to === to && x.typeId === spec.typeId);
  if (!d) return undefined;
  const r = DEFINITIONS.find(
    (x) => x.from === to && x.to === from && x.category === d.category && (x.label ?? '') === (d.label ?? ''),
  );
  return r ? { category: r.category, typeId: r.typeId, ...(r.label ? { label: r.label } : {}) } : undefined;
}

/** Association type name used in v3 embedded associations (`company_to_contact`). */
export function associationTypeName(from: ObjectType, to: ObjectType): string {
  return `${SINGULAR[from]}_to_${SINGULAR[to]}`;
}

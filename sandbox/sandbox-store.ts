/**
 * The sandbox's state: generated records (derived on demand from the compact portfolio) with an overlay of every
 * change made since (creates, updates, archives, new associations), plus property definitions, owners, pipelines and
 * lists. Tests use it directly to arrange scenarios ("a call was logged on this company yesterday").
 */
import {
  ID_BASE,
  OBJECT_TYPES,
  defaultAssociationType,
  isEngagementType,
  reverseAssociationType,
  CONTACT_COMPANY_LABELS,
  type AssociationTypeSpec,
  type EngagementType,
  type ObjectType,
} from './object-types';
import {
  CREATED,
  LAST_MODIFIED,
  builtInGroups,
  builtInProperties,
  type PropertyDef,
  type PropertyGroupDef,
  type PropertyOptionDef,
} from './property-catalog';
import { DEAL_PIPELINES } from './portfolio/deal-pipelines';
import type { GeneratedOwner, Portfolio, Properties } from './portfolio/generate-portfolio';

export interface SandboxObject {
  id: string;
  type: ObjectType;
  properties: Properties;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  archivedAt?: string;
}

export interface AssociationTarget {
  toObjectId: string;
  associationTypes: AssociationTypeSpec[];
}

export interface NewAssociation {
  toType: ObjectType;
  toId: string;
  /** Defaults to HubSpot's default association type for the pair. */
  types?: AssociationTypeSpec[];
}

interface StoredRecord {
  properties: Properties;
  createdAt: number;
  updatedAt: number;
  archivedAt?: number;
}

export interface ListDef {
  listId: string;
  name: string;
  objectTypeId: string;
  processingType: string;
  filterBranch?: unknown;
  createdAt: string;
  updatedAt: string;
  listVersion: number;
}

type AssocOverlay = Map<number, Map<number, AssociationTypeSpec[]>>;

const pairKey = (from: ObjectType, to: ObjectType) => `${from}|${to}`;

export class SandboxStore {
  readonly portfolio: Portfolio;
  /** The clock of the sandbox: `now()` stamps every write. */
  readonly now: () => number;
  private readonly overlay: Record<ObjectType, Map<number, StoredRecord>>;
  private readonly nextIndex: Record<ObjectType, number>;
  private readonly addedAssociations = new Map<string, AssocOverlay>();
  private readonly removedAssociations = new Map<string, Map<number, Set<number>>>();
  private readonly propertyDefs: Record<ObjectType, Map<string, PropertyDef>>;
  private readonly groupDefs: Record<ObjectType, Map<string, PropertyGroupDef>>;
  private readonly reverseIndex = new Map<string, { offsets: Int32Array; items: Int32Array }>();
  readonly lists = new Map<string, ListDef>();
  private readonly columns = new Map<string, Float64Array>();
  private nextListId = 1;
  /** Called after every write (persistence hooks onto it). */
  onChange: () => void = () => {};
  private writes = 0;

  /** Grows with every write: caches of derived answers (search results) compare it. */
  get version(): number {
    return this.writes;
  }

  private changed(): void {
    this.writes += 1;
    this.onChange();
  }

  constructor(portfolio: Portfolio, now: () => number = Date.now) {
    this.portfolio = portfolio;
    this.now = now;
    this.overlay = Object.fromEntries(OBJECT_TYPES.map((t) => [t, new Map()])) as unknown as Record<ObjectType, Map<number, StoredRecord>>;
    this.nextIndex = { ...portfolio.counts };
    const ownerOptions: PropertyOptionDef[] = portfolio.owners.map((o, i) => ({
      label: `${o.firstName} ${o.lastName}`,
      value: o.id,
      displayOrder: i,
      hidden: false,
    }));
    const extra = {
      hubspot_owner_id: ownerOptions,
      pipeline: DEAL_PIPELINES.map((p) => ({ label: p.label, value: p.id, displayOrder: p.displayOrder, hidden: false })),
      dealstage: DEAL_PIPELINES.flatMap((p) => p.stages.map((s, i) => ({ label: s.label, value: s.id, displayOrder: i, hidden: false }))),
    };
    this.propertyDefs = Object.fromEntries(
      OBJECT_TYPES.map((t) => [t, new Map(builtInProperties(t, extra).map((d) => [d.name, d]))]),
    ) as unknown as Record<ObjectType, Map<string, PropertyDef>>;
    this.groupDefs = Object.fromEntries(
      OBJECT_TYPES.map((t) => [t, new Map(builtInGroups(t).map((g) => [g.name, g]))]),
    ) as unknown as Record<ObjectType, Map<string, PropertyGroupDef>>;
  }

  // ---- records ----------------------------------------------------------------------------------------------------

  /** How many records of a type exist (not archived). */
  count(type: ObjectType): number {
    let n = 0;
    for (const _ of this.iterate(type)) n += 1;
    return n;
  }

  get(type: ObjectType, id: string | number, opts: { includeArchived?: boolean } = {}): SandboxObject | undefined {
    const num = typeof id === 'number' ? id : Number(id);
    if (!Number.isSafeInteger(num)) return undefined;
    const rec = this.record(type, num);
    if (!rec) return undefined;
    if (rec.archivedAt !== undefined && !opts.includeArchived) return undefined;
    return toObject(type, num, rec);
  }

  /** Every record of a type in id order (archived ones only with includeArchived). */
  list(type: ObjectType, opts: { includeArchived?: boolean; archivedOnly?: boolean } = {}): SandboxObject[] {
    const out: SandboxObject[] = [];
    for (const [id, rec] of this.iterate(type, opts)) out.push(toObject(type, id, rec));
    return out;
  }

  /** Lazily walks records in id order, starting at `fromId` (inclusive). */
  *iterate(
    type: ObjectType,
    opts: { includeArchived?: boolean; archivedOnly?: boolean; fromId?: number } = {},
  ): Generator<[number, StoredRecord]> {
    const base = ID_BASE[type];
    const total = this.nextIndex[type];
    const start = Math.max(0, (opts.fromId ?? base + 1) - base - 1);
    for (let i = start; i < total; i++) {
      const id = base + i + 1;
      const rec = this.record(type, id);
      if (!rec) continue;
      const archived = rec.archivedAt !== undefined;
      if (opts.archivedOnly ? !archived : archived && !opts.includeArchived) continue;
      yield [id, rec];
    }
  }

  exists(type: ObjectType, id: string | number): boolean {
    return this.get(type, id) !== undefined;
  }

  create(type: ObjectType, properties: Properties, associations: NewAssociation[] = []): SandboxObject {
    const index = this.nextIndex[type];
    this.nextIndex[type] = index + 1;
    const id = ID_BASE[type] + index + 1;
    const now = this.now();
    const props: Properties = { ...properties };
    props[CREATED[type]] = props[CREATED[type]] ?? new Date(now).toISOString();
    props[LAST_MODIFIED[type]] = new Date(now).toISOString();
    props['hs_object_id'] = String(id);
    const createdAt = Date.parse(props[CREATED[type]] as string);
    this.overlay[type].set(id, { properties: props, createdAt: Number.isNaN(createdAt) ? now : createdAt, updatedAt: now });
    for (const a of associations) this.associate(type, String(id), a.toType, a.toId, a.types);
    this.afterEngagementChange(type, id);
    this.changed();
    return this.get(type, id) as SandboxObject;
  }

  /** Sets properties ("" clears a value, as in HubSpot) and bumps the last-modified date. */
  update(type: ObjectType, id: string | number, properties: Properties): SandboxObject | undefined {
    const num = Number(id);
    const rec = this.record(type, num);
    if (!rec || rec.archivedAt !== undefined) return undefined;
    const now = Math.max(this.now(), rec.updatedAt + 1);
    const next: StoredRecord = {
      properties: { ...rec.properties, ...properties, [LAST_MODIFIED[type]]: new Date(now).toISOString() },
      createdAt: rec.createdAt,
      updatedAt: now,
    };
    this.overlay[type].set(num, next);
    this.afterEngagementChange(type, num);
    this.changed();
    return toObject(type, num, next);
  }

  /** Archives (deletes) a record; like HubSpot, its associations go with it. */
  archive(type: ObjectType, id: string | number): boolean {
    const num = Number(id);
    const rec = this.record(type, num);
    if (!rec || rec.archivedAt !== undefined) return false;
    const now = this.now();
    this.overlay[type].set(num, { ...rec, archivedAt: now, updatedAt: now });
    this.changed();
    return true;
  }

  private record(type: ObjectType, id: number): StoredRecord | undefined {
    const over = this.overlay[type].get(id);
    if (over) return over;
    const index = id - ID_BASE[type] - 1;
    if (!Number.isInteger(index) || index < 0 || index >= this.portfolio.counts[type]) return undefined;
    const g = this.portfolio.materialize(type, index);
    const rec: StoredRecord = { properties: g.properties, createdAt: g.createdAt, updatedAt: g.updatedAt };
    if (type === 'deals' && this.portfolio.archivedDeals.has(index)) rec.archivedAt = g.updatedAt;
    if (type === 'products' && this.portfolio.outcomes.deletedProducts.has(index)) rec.archivedAt = g.updatedAt;
    return rec;
  }

  /** A new engagement on a company moves the company's activity roll-ups, as HubSpot's do. */
  private afterEngagementChange(type: ObjectType, id: number): void {
    if (!isEngagementType(type)) return;
    const rec = this.overlay[type].get(id);
    if (!rec) return;
    const ts = Date.parse(rec.properties['hs_timestamp'] ?? '');
    if (Number.isNaN(ts) || ts > this.now()) return;
    const touch =
      (type === 'calls' && rec.properties['hs_call_status'] === 'COMPLETED') ||
      (type === 'emails' && (rec.properties['hs_email_direction'] === 'INCOMING_EMAIL' || rec.properties['hs_email_status'] === 'SENT')) ||
      (type === 'meetings' && rec.properties['hs_meeting_outcome'] === 'COMPLETED');
    const rollups: [string, boolean][] = [
      ['hs_last_sales_activity_timestamp', type !== 'tasks'],
      ['hs_last_logged_call_date', type === 'calls'],
      ['hs_last_booked_meeting_date', type === 'meetings'],
      ['notes_last_contacted', touch],
    ];
    for (const company of this.associations(type, String(id), 'companies')) {
      const c = this.record('companies', Number(company.toObjectId));
      if (!c || c.archivedAt !== undefined) continue;
      const changes: Properties = {};
      for (const [prop, applies] of rollups) {
        const cur = Date.parse(c.properties[prop] ?? '');
        if (applies && (Number.isNaN(cur) || ts > cur)) changes[prop] = new Date(ts).toISOString();
      }
      if (Object.keys(changes).length > 0) {
        const now = Math.max(this.now(), c.updatedAt + 1);
        this.overlay.companies.set(Number(company.toObjectId), {
          ...c,
          properties: { ...c.properties, ...changes, hs_lastmodifieddate: new Date(now).toISOString() },
          updatedAt: now,
        });
      }
    }
    if (touch) {
      for (const contact of this.associations(type, String(id), 'contacts')) {
        const c = this.record('contacts', Number(contact.toObjectId));
        if (!c || c.archivedAt !== undefined) continue;
        const cur = Date.parse(c.properties['notes_last_contacted'] ?? '');
        if (!Number.isNaN(cur) && cur >= ts) continue;
        const now = Math.max(this.now(), c.updatedAt + 1);
        this.overlay.contacts.set(Number(contact.toObjectId), {
          ...c,
          properties: { ...c.properties, notes_last_contacted: new Date(ts).toISOString(), lastmodifieddate: new Date(now).toISOString() },
          updatedAt: now,
        });
      }
    }
  }

  // ---- search support ------------------------------------------------------------------------------------------------

  /** How many records of a type the generator made (their ids are ID_BASE + 1 … ID_BASE + n). */
  generatedCount(type: ObjectType): number {
    return this.portfolio.counts[type];
  }

  /** Ids of records created or changed since generation (these no longer match the generated columns). */
  changedIds(type: ObjectType): number[] {
    return [...this.overlay[type].keys()].sort((a, b) => a - b);
  }

  isChanged(type: ObjectType, id: number): boolean {
    return this.overlay[type].has(id);
  }

  /**
   * The generated values of one numeric or date property as a column (ms for dates, NaN when missing or junk),
   * built once per (type, property) on first use, so range filters on large portfolios skip most records.
   */
  generatedColumn(type: ObjectType, prop: string, parse: (v: string) => number): Float64Array {
    const key = `${type}|${prop}`;
    const cached = this.columns.get(key);
    if (cached) return cached;
    const n = this.portfolio.counts[type];
    const col = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = this.portfolio.materialize(type, i).properties[prop];
      col[i] = v === undefined || v === '' ? NaN : parse(v);
    }
    this.columns.set(key, col);
    return col;
  }

  // ---- associations -----------------------------------------------------------------------------------------------

  /** The associations of one record to a type, in a stable order (generated first, then added). */
  associations(fromType: ObjectType, fromId: string, toType: ObjectType): AssociationTarget[] {
    const from = Number(fromId);
    const fromRec = this.record(fromType, from);
    if (!fromRec || (fromRec.archivedAt !== undefined && !this.isGeneratedArchived(fromType, from))) return [];
    const removed = this.removedAssociations.get(pairKey(fromType, toType))?.get(from);
    const out: AssociationTarget[] = [];
    const seen = new Set<number>();
    for (const [toId, types] of this.generatedAssociations(fromType, from, toType)) {
      if (removed?.has(toId) || !this.isAssociable(toType, toId)) continue;
      seen.add(toId);
      out.push({ toObjectId: String(toId), associationTypes: types });
    }
    const added = this.addedAssociations.get(pairKey(fromType, toType))?.get(from);
    if (added) {
      for (const [toId, types] of added) {
        if (!this.isAssociable(toType, toId)) continue;
        const existing = seen.has(toId) ? out.find((o) => o.toObjectId === String(toId)) : undefined;
        if (existing) {
          for (const t of types) {
            if (!existing.associationTypes.some((e) => e.typeId === t.typeId && e.category === t.category)) existing.associationTypes.push(t);
          }
        } else out.push({ toObjectId: String(toId), associationTypes: [...types] });
      }
    }
    return out;
  }

  /** Associates two records (both directions), with the default type unless `types` are given. */
  associate(fromType: ObjectType, fromId: string, toType: ObjectType, toId: string, types?: AssociationTypeSpec[]): AssociationTypeSpec[] {
    const specs = types && types.length > 0 ? types : [defaultAssociationType(fromType, toType)].filter((x): x is AssociationTypeSpec => !!x);
    const from = Number(fromId);
    const to = Number(toId);
    this.addTypes(fromType, from, toType, to, specs);
    const reverse = specs.map((s) => reverseAssociationType(fromType, toType, s)).filter((x): x is AssociationTypeSpec => !!x);
    this.addTypes(toType, to, fromType, from, reverse);
    this.removedAssociations.get(pairKey(fromType, toType))?.get(from)?.delete(to);
    this.removedAssociations.get(pairKey(toType, fromType))?.get(to)?.delete(from);
    if (isEngagementType(fromType)) this.afterEngagementChange(fromType, from);
    this.changed();
    return specs;
  }

  /** Removes every association between two records (both directions). */
  dissociate(fromType: ObjectType, fromId: string, toType: ObjectType, toId: string): void {
    const mark = (a: ObjectType, aId: number, b: ObjectType, bId: number) => {
      const key = pairKey(a, b);
      this.addedAssociations.get(key)?.get(aId)?.delete(bId);
      let m = this.removedAssociations.get(key);
      if (!m) this.removedAssociations.set(key, (m = new Map()));
      let s = m.get(aId);
      if (!s) m.set(aId, (s = new Set()));
      s.add(bId);
    };
    mark(fromType, Number(fromId), toType, Number(toId));
    mark(toType, Number(toId), fromType, Number(fromId));
    this.changed();
  }

  private addTypes(fromType: ObjectType, from: number, toType: ObjectType, to: number, specs: AssociationTypeSpec[]): void {
    const key = pairKey(fromType, toType);
    let byFrom = this.addedAssociations.get(key);
    if (!byFrom) this.addedAssociations.set(key, (byFrom = new Map()));
    let byTo = byFrom.get(from);
    if (!byTo) byFrom.set(from, (byTo = new Map()));
    const current = byTo.get(to) ?? [];
    for (const s of specs) {
      if (!current.some((c) => c.typeId === s.typeId && c.category === s.category)) current.push({ ...s });
    }
    byTo.set(to, current);
  }

  private isGeneratedArchived(type: ObjectType, id: number): boolean {
    return type === 'deals' && this.portfolio.archivedDeals.has(id - ID_BASE.deals - 1) && !this.overlay.deals.has(id);
  }

  /** Records archived through the API lose their associations; generated orphans (deleted deals, missing ids) stay. */
  private isAssociable(type: ObjectType, id: number): boolean {
    const over = this.overlay[type].get(id);
    return !(over && over.archivedAt !== undefined);
  }

  private *generatedAssociations(fromType: ObjectType, from: number, toType: ObjectType): Generator<[number, AssociationTypeSpec[]]> {
    const p = this.portfolio;
    const index = from - ID_BASE[fromType] - 1;
    if (index < 0 || index >= p.counts[fromType]) return;
    const def = defaultAssociationType(fromType, toType);
    if (!def) return;
    const range = function* (start: Int32Array, toBase: number): Generator<number> {
      const a = start[index] as number;
      const b = start[index + 1] as number;
      for (let k = a; k < b; k++) yield toBase + k + 1;
    };
    if (fromType === 'companies') {
      if (toType === 'contacts') {
        // Every generated contact has this company as its primary company (typeId 2 seen from the company).
        for (const id of range(p.contactStart, ID_BASE.contacts)) {
          const types: AssociationTypeSpec[] = [def, { category: 'HUBSPOT_DEFINED', typeId: 2, label: 'Primary' }];
          const label = p.contactLabel(id - ID_BASE.contacts - 1);
          const l = CONTACT_COMPANY_LABELS.find((x) => x.label === label);
          if (l) types.push({ category: 'USER_DEFINED', typeId: l.companyToContact, label: l.label });
          yield [id, types];
        }
        for (const id of p.orphanContacts.get(index) ?? []) yield [id, [def]];
      } else if (toType === 'deals') {
        for (const id of range(p.dealStart, ID_BASE.deals)) yield [id, [def, { category: 'HUBSPOT_DEFINED', typeId: 6, label: 'Primary' }]];
        for (const id of p.orphanDeals.get(index) ?? []) yield [id, [def]];
      } else if (isEngagementType(toType)) {
        for (const id of range(p.engagementStart[toType], ID_BASE[toType])) yield [id, [def]];
      }
      return;
    }
    if (fromType === 'contacts' && toType === 'feedback_submissions') {
      // A company's answers are ordered by contact: the contact's own are a run inside its company's range.
      const o = p.outcomes;
      const ci = p.contactCompany[index] as number;
      for (let j = o.feedbackStart[ci] as number; j < (o.feedbackStart[ci + 1] as number); j++) {
        if (o.feedbackContact[j] === index) yield [ID_BASE.feedback_submissions + j + 1, [def]];
      }
      return;
    }
    if (fromType === 'contacts') {
      const ci = p.contactCompany[index] as number;
      if (toType === 'companies') {
        const types: AssociationTypeSpec[] = [def, { category: 'HUBSPOT_DEFINED', typeId: 1, label: 'Primary' }];
        const l = CONTACT_COMPANY_LABELS.find((x) => x.label === p.contactLabel(index));
        if (l) types.push({ category: 'USER_DEFINED', typeId: l.contactToCompany, label: l.label });
        yield [ID_BASE.companies + ci + 1, types];
      } else if (isEngagementType(toType)) {
        const rev = this.reverseContactIndex(toType);
        const a = rev.offsets[index] as number;
        const b = rev.offsets[index + 1] as number;
        for (let k = a; k < b; k++) yield [ID_BASE[toType] + (rev.items[k] as number) + 1, [def]];
      }
      return;
    }
    if (fromType === 'deals' && toType === 'companies') {
      yield [ID_BASE.companies + (p.dealCompany[index] as number) + 1, [def, { category: 'HUBSPOT_DEFINED', typeId: 5, label: 'Primary' }]];
      return;
    }
    if (fromType === 'deals' && toType === 'line_items') {
      for (const id of range(p.outcomes.lineItemStart, ID_BASE.line_items)) yield [id, [def]];
      return;
    }
    if (fromType === 'line_items' && toType === 'deals') {
      yield [ID_BASE.deals + (p.outcomes.lineItemDeal[index] as number) + 1, [def]];
      return;
    }
    if (fromType === 'feedback_submissions' && toType === 'contacts') {
      const c = p.outcomes.feedbackContact[index] as number;
      if (c >= 0) yield [ID_BASE.contacts + c + 1, [def]];
      return;
    }
    if (isEngagementType(fromType)) {
      if (toType === 'companies') yield [ID_BASE.companies + (p.engagementCompany[fromType][index] as number) + 1, [def]];
      if (toType === 'contacts') {
        const c = p.engagementContact[fromType][index] as number;
        if (c >= 0) yield [ID_BASE.contacts + c + 1, [def]];
      }
    }
  }

  /** contact → engagements, built once per engagement type on first use (compressed rows). */
  private reverseContactIndex(type: EngagementType): { offsets: Int32Array; items: Int32Array } {
    const cached = this.reverseIndex.get(type);
    if (cached) return cached;
    const link = this.portfolio.engagementContact[type];
    const offsets = new Int32Array(this.portfolio.counts.contacts + 1);
    for (const c of link) if (c >= 0) offsets[c + 1] = (offsets[c + 1] as number) + 1;
    for (let i = 1; i < offsets.length; i++) offsets[i] = (offsets[i] as number) + (offsets[i - 1] as number);
    const fill = offsets.slice();
    const items = new Int32Array(offsets[offsets.length - 1] as number);
    link.forEach((c, j) => {
      if (c < 0) return;
      items[fill[c] as number] = j;
      fill[c] = (fill[c] as number) + 1;
    });
    const built = { offsets, items };
    this.reverseIndex.set(type, built);
    return built;
  }

  // ---- properties, groups, owners, lists ---------------------------------------------------------------------------

  properties(type: ObjectType): PropertyDef[] {
    return [...this.propertyDefs[type].values()].filter((p) => !p.archived);
  }

  property(type: ObjectType, name: string): PropertyDef | undefined {
    const p = this.propertyDefs[type].get(name);
    return p && !p.archived ? p : undefined;
  }

  putProperty(type: ObjectType, def: PropertyDef): void {
    this.propertyDefs[type].set(def.name, def);
    this.changed();
  }

  groups(type: ObjectType): PropertyGroupDef[] {
    return [...this.groupDefs[type].values()];
  }

  group(type: ObjectType, name: string): PropertyGroupDef | undefined {
    return this.groupDefs[type].get(name);
  }

  putGroup(type: ObjectType, def: PropertyGroupDef): void {
    this.groupDefs[type].set(def.name, def);
    this.changed();
  }

  owners(): GeneratedOwner[] {
    return this.portfolio.owners;
  }

  createList(def: Omit<ListDef, 'listId' | 'createdAt' | 'updatedAt' | 'listVersion'>): ListDef {
    const now = new Date(this.now()).toISOString();
    const list: ListDef = { ...def, listId: String(this.nextListId++), createdAt: now, updatedAt: now, listVersion: 1 };
    this.lists.set(list.listId, list);
    this.changed();
    return list;
  }

  // ---- persistence --------------------------------------------------------------------------------------------------

  /** Everything changed since generation, as JSON-able data. */
  exportChanges(): StoreChanges {
    return {
      records: Object.fromEntries(OBJECT_TYPES.map((t) => [t, [...this.overlay[t].entries()]])) as StoreChanges['records'],
      nextIndex: { ...this.nextIndex },
      added: [...this.addedAssociations.entries()].map(([k, m]) => [k, [...m.entries()].map(([f, tm]) => [f, [...tm.entries()]])]),
      removed: [...this.removedAssociations.entries()].map(([k, m]) => [k, [...m.entries()].map(([f, s]) => [f, [...s]])]),
      properties: Object.fromEntries(OBJECT_TYPES.map((t) => [t, [...this.propertyDefs[t].values()]])) as StoreChanges['properties'],
      groups: Object.fromEntries(OBJECT_TYPES.map((t) => [t, [...this.groupDefs[t].values()]])) as StoreChanges['groups'],
      lists: [...this.lists.values()],
    };
  }

  importChanges(c: StoreChanges): void {
    for (const t of OBJECT_TYPES) {
      // Changes saved before a type existed (products, line items, feedback) leave that type as generated.
      if (c.records[t] === undefined) continue;
      this.overlay[t] = new Map(c.records[t]);
      this.nextIndex[t] = Math.max(this.nextIndex[t], c.nextIndex[t]);
      this.propertyDefs[t] = new Map(c.properties[t].map((d) => [d.name, d]));
      this.groupDefs[t] = new Map(c.groups[t].map((g) => [g.name, g]));
    }
    for (const [k, entries] of c.added) this.addedAssociations.set(k, new Map(entries.map(([f, tm]) => [f, new Map(tm)])));
    for (const [k, entries] of c.removed) this.removedAssociations.set(k, new Map(entries.map(([f, s]) => [f, new Set(s)])));
    for (const l of c.lists) {
      this.lists.set(l.listId, l);
      this.nextListId = Math.max(this.nextListId, Number(l.listId) + 1);
    }
  }
}

export interface StoreChanges {
  records: Record<ObjectType, [number, StoredRecord][]>;
  nextIndex: Record<ObjectType, number>;
  added: [string, [number, [number, AssociationTypeSpec[]][]][]][];
  removed: [string, [number, number[]][]][];
  properties: Record<ObjectType, PropertyDef[]>;
  groups: Record<ObjectType, PropertyGroupDef[]>;
  lists: ListDef[];
}

function toObject(type: ObjectType, id: number, rec: StoredRecord): SandboxObject {
  return {
    id: String(id),
    type,
    properties: rec.properties,
    createdAt: new Date(rec.createdAt).toISOString(),
    updatedAt: new Date(rec.updatedAt).toISOString(),
    archived: rec.archivedAt !== undefined,
    ...(rec.archivedAt !== undefined ? { archivedAt: new Date(rec.archivedAt).toISOString() } : {}),
  };
}


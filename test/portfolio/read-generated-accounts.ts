/**
 * The sandbox's generated portfolio as the sync would read it, without HTTP: each company with its associated
 * contacts (and association labels), deals and touches, parsed with the gateway's record schema and mapped by the
 * real mappers (`toAccount`, `toDeal`, `toStakeholder`, `toTouch`). Touches are windowed like the gateway's reads
 * (meetings: the model's look-back; calls and emails: the channel window), so scores match a real sync's.
 */
import type { AccountInput, Activity, Contact, Deal } from '../../server/src/domain/types';
import { DEFAULT_TOUCH_WINDOW_DAYS } from '../../server/src/hubspot/hubspot-gateway';
import { hubSpotObjectSchema, hubSpotPipelineSchema } from '../../server/src/hubspot/hubspot-records';
import { toAccount } from '../../server/src/hubspot/to-account';
import { toDeal, toStageIndex } from '../../server/src/hubspot/to-deal';
import { toStakeholder } from '../../server/src/hubspot/to-stakeholder';
import { TOUCH_TYPES, toTouch } from '../../server/src/hubspot/to-touch';
import { DEAL_PIPELINES } from '../../sandbox/portfolio/deal-pipelines';
import type { SandboxObject, SandboxStore } from '../../sandbox/sandbox-store';

const DAY_MS = 86_400_000;

const asHubSpot = (o: SandboxObject) => hubSpotObjectSchema.parse({ id: o.id, properties: o.properties });

/** HubSpot's pipelines-v3 shape of the sandbox pipelines (metadata values are strings, as HubSpot sends them). */
const STAGES = toStageIndex(
  DEAL_PIPELINES.map((p) =>
    hubSpotPipelineSchema.parse({
      id: p.id,
      stages: p.stages.map((s) => ({ id: s.id, label: s.label, metadata: { isClosed: String(s.isClosed), probability: String(s.probability) } })),
    }),
  ),
);

export function readGeneratedAccount(store: SandboxStore, companyId: string, opts: { now: Date; lookbackDays: number }): AccountInput | undefined {
  const company = store.get('companies', companyId);
  if (!company) return undefined;
  const contacts: Contact[] = [];
  for (const link of store.associations('companies', companyId, 'contacts')) {
    const c = store.get('contacts', link.toObjectId);
    if (c) contacts.push(toStakeholder(asHubSpot(c), link.associationTypes.map((t) => t.label ?? '').filter((l) => l !== '')));
  }
  const deals: Deal[] = [];
  for (const link of store.associations('companies', companyId, 'deals')) {
    const d = store.get('deals', link.toObjectId);
    if (d) deals.push(toDeal(asHubSpot(d), STAGES));
  }
  const activities: Activity[] = [];
  const until = opts.now.getTime();
  for (const type of TOUCH_TYPES) {
    const windowDays = type === 'meetings' ? opts.lookbackDays : Math.min(DEFAULT_TOUCH_WINDOW_DAYS, opts.lookbackDays);
    const from = until - windowDays * DAY_MS;
    for (const link of store.associations('companies', companyId, type)) {
      const e = store.get(type, link.toObjectId);
      const at = Date.parse(e?.properties['hs_timestamp'] ?? '');
      if (e && at >= from && at <= until) activities.push(toTouch(asHubSpot(e), type));
    }
  }
  return { company: toAccount(asHubSpot(company)), deals, contacts, activities };
}

/** Every company of the store, in id order. */
export function* readGeneratedAccounts(store: SandboxStore, opts: { now: Date; lookbackDays: number }): Generator<AccountInput> {
  for (const company of store.list('companies')) {
    const input = readGeneratedAccount(store, company.id, opts);
    if (input) yield input;
  }
}

/**
 * HubSpot deal → domain Deal, with the pipeline's stage metadata deciding won / lost / open.
 */
import type { Deal, DealStatus } from '../domain/types';
import type { HubSpotDeal, HubSpotPipeline } from './hubspot-records';
import { parseDate, parseNonNegative, parseNumber, parseText } from './parse-values';

export const DEAL_PROPERTIES = [
  'amount',
  'hs_arr',
  'dealstage',
  'pipeline',
  'closedate',
  'hs_deal_stage_probability',
  'hs_is_closed_won',
  'hs_is_closed',
  // Outcomes (issue #15): the deal type (new, existing business, renewal), its name and owner.
  'dealtype',
  'dealname',
  'hubspot_owner_id',
] as const;

export interface StageInfo {
  isClosed: boolean;
  /** 0–1 */
  probability: number | null;
}

/** stage id → metadata, over every pipeline (stage ids are unique per portal). */
export type StageIndex = ReadonlyMap<string, StageInfo>;

export function toStageIndex(pipelines: readonly HubSpotPipeline[]): StageIndex {
  const index = new Map<string, StageInfo>();
  for (const pipeline of pipelines) {
    for (const stage of pipeline.stages) {
      const meta = stage.metadata;
      const closed = String(meta['isClosed'] ?? '').toLowerCase() === 'true';
      index.set(stage.id, { isClosed: closed, probability: toProbability(parseNumber(String(meta['probability'] ?? ''))) });
    }
  }
  return index;
}

/** 0–1; a value in 1–100 is read as a percentage; anything else → null. */
function toProbability(n: number | null): number | null {
  if (n === null || n < 0) return null;
  if (n <= 1) return n;
  if (n <= 100) return n / 100;
  return null;
}

export function toDeal(raw: HubSpotDeal, stages: StageIndex): Deal {
  const p = raw.properties;
  const stageId = parseText(p['dealstage']);
  const stage = stageId === null ? undefined : stages.get(stageId);
  const probability = stage?.probability ?? toProbability(parseNumber(p['hs_deal_stage_probability']));
  let status: DealStatus;
  if (stage) status = stage.isClosed ? (probability !== null && probability > 0 ? 'won' : 'lost') : 'open';
  else if (p['hs_is_closed_won'] === 'true' || stageId === 'closedwon') status = 'won';
  else if (p['hs_is_closed'] === 'true' || stageId === 'closedlost') status = 'lost';
  else status = 'open';
  const arr = parseNonNegative(p['hs_arr']);
  const owner = parseText(p['hubspot_owner_id']);
  return {
    id: raw.id,
    amount: arr ?? parseNonNegative(p['amount']),
    status,
    closeDate: parseDate(p['closedate']),
    probability: status === 'won' ? 1 : status === 'lost' ? 0 : probability,
    dealType: parseText(p['dealtype'])?.toLowerCase() ?? null,
    recurring: arr !== null,
    name: parseText(p['dealname']),
    ownerId: owner !== null && /^\d+$/.test(owner) ? owner : null,
  };
}

/**
 * What every phase of a sync run is given and never changes: the dependencies, the model in force, the run's clock,
 * its kind (dry, targeted) and its batch sizes. Set once when the run starts (run-sync.ts); what the run records
 * about itself as it goes is the ledger's (run-ledger.ts).
 */
import type { Product, ScoringModel } from '../domain';
import type { ReadOptions } from '../hubspot/gateway';
import type { KeylineDeps } from './deps';

export interface SyncProgress {
  phase: 'read' | 'write';
  done: number;
  /** Companies expected in this phase, when known. */
  total: number | null;
  runId: string;
}

export interface RunContext {
  deps: KeylineDeps;
  /** The scoring model in force, and its version. */
  model: ScoringModel;
  version: string;
  /** The portal's product library, read once per run (outcomes: whitespace); empty when not read. */
  products: readonly Product[];
  /** HubSpot's owners (a task for an unknown owner goes to the fallback owner). */
  ownerIds: ReadonlySet<string>;
  /** The run's clock: every account read by this attempt is scored at this moment. */
  now: Date;
  /** Reads and plans, writes nothing (not to HubSpot, not to the snapshots). */
  dryRun: boolean;
  /** A targeted run's companies (`--company`); null for a full or an incremental run. */
  companyIds: readonly string[] | null;
  /** Companies read per chunk. */
  readChunk: number;
  /** Companies written per page (≤ 100, one batch update). */
  writePage: number;
  onProgress: ((p: SyncProgress) => void) | undefined;
  /** Whether the run was asked to stop (it checkpoints and pauses). */
  stopRequested(): boolean;
}

/** The run's read options: the model's look-back, at the run's clock. */
export function readOptionsOf(ctx: Pick<RunContext, 'model' | 'now'>): ReadOptions {
  return { now: ctx.now, lookbackDays: ctx.model.look_back_days, contractEndProperty: ctx.model.outcomes.contract_end_property };
}

/** Company ids in HubSpot's order (numeric ids as strings: shorter first, then by character). */
export const byId = (a: string, b: string): number => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);

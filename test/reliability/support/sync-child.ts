/**
 * A sync in its own process, for the kill -9 suite: `node -r tsx/cjs sync-child.ts`. Like the e2e crash test's child
 * (test/e2e/fixtures/run-sync-child.ts), everything comes from the environment; in addition it can SIGKILL itself at
 * a chosen point, deterministically:
 *
 *   KILL_AT=read-chunk:<n>      when the gateway hands over the n-th portfolio chunk (full run, read phase), before
 *                               the run scores and records it
 *   KILL_AT=read-accounts:<n>   when the n-th incremental read returns, before it is recorded
 *   KILL_AT=company-write:<n>   when HubSpot has answered the n-th batch update of companies, before Keyline records it
 *   KILL_AT=task-create:<n>     when HubSpot has answered the n-th task batch-create, before the ledger records the ids
 *   KILL_AT=task-complete:<n>   when HubSpot has answered the n-th task completion, before the ledger records it
 *   KILL_AT=audit-intent:<n>    when the n-th page's values are in the audit as `sent`, before HubSpot is called
 *   KILL_AT=audit:<n>           when the n-th page's writes are settled `applied` in the audit, before their snapshots
 *                               are saved
 *
 * The hooks wrap the gateway and the store handed to runSync in this test process only; production code has no
 * kill switch.
 */
import type { HubSpotGateway } from '../../../server/src/hubspot/gateway';
import type { Store } from '../../../server/src/store/store';
import { runSync } from '../../../server/src/sync';
import { keylineFromEnv } from '../../e2e/fixtures/keyline-from-env';

export type KillPoint = 'read-chunk' | 'read-accounts' | 'company-write' | 'task-create' | 'task-complete' | 'audit-intent' | 'audit';

function killSwitch(spec: string | undefined): (point: KillPoint) => void {
  const [at, nth] = (spec ?? '').split(':');
  const seen = new Map<string, number>();
  return (point) => {
    const n = (seen.get(point) ?? 0) + 1;
    seen.set(point, n);
    if (point === at && n === Number(nth)) process.kill(process.pid, 'SIGKILL');
  };
}

function withKillSwitch(gateway: HubSpotGateway, reached: (point: KillPoint) => void): HubSpotGateway {
  return {
    ...gateway,
    streamPortfolio: (opts) =>
      (async function* () {
        for await (const chunk of gateway.streamPortfolio(opts)) {
          reached('read-chunk');
          yield chunk;
        }
      })(),
    readAccounts: async (ids, opts) => {
      const res = await gateway.readAccounts(ids, opts);
      reached('read-accounts');
      return res;
    },
    updateCompanyProperties: async (updates) => {
      const res = await gateway.updateCompanyProperties(updates);
      reached('company-write');
      return res;
    },
    createTasks: async (tasks) => {
      const res = await gateway.createTasks(tasks);
      reached('task-create');
      return res;
    },
    completeTasks: async (tasks) => {
      const res = await gateway.completeTasks(tasks);
      reached('task-complete');
      return res;
    },
  };
}

function storeWithKillSwitch(store: Store, reached: (point: KillPoint) => void): Store {
  // The store's methods use `this`: the wrapper inherits them and overrides two.
  const wrapped = Object.create(store) as Store;
  wrapped.recordAuditIntents = async (portalId, intents) => {
    const ids = await store.recordAuditIntents(portalId, intents);
    if (intents.length > 0) reached('audit-intent');
    return ids;
  };
  wrapped.settleAudit = async (portalId, ids, status, opts) => {
    await store.settleAudit(portalId, ids, status, opts);
    if (ids.length > 0 && status === 'applied') reached('audit');
  };
  return wrapped;
}

async function main(): Promise<void> {
  const env = process.env;
  const keyline = await keylineFromEnv(env);
  const mode = env['SYNC_MODE'] === 'incremental' ? 'incremental' : 'full';
  const reached = killSwitch(env['KILL_AT']);
  const run = await runSync({ ...keyline, gateway: withKillSwitch(keyline.gateway, reached), store: storeWithKillSwitch(keyline.store, reached) }, { mode });
  process.stdout.write(`${JSON.stringify({ id: run.id, status: run.status })}\n`);
  await keyline.close();
}

void main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});

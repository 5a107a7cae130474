/**
 * The relationship matrix against the sandbox (issue #16): the sandbox has colleagues who left (engagement owners the
 * owners list does not have) with a contact only they knew. A key stakeholder whose only relationship with us was such
 * a colleague becomes the `departed_contact` gap with exactly one task; a second sync does not duplicate it; a touch
 * logged by a colleague still here closes it.
 */
import { accountViewSchema } from '@keyline/contract/account-view';
import { toAccountView } from '../../server/src/http/to-account-view';
import { formatExplanation } from '../../server/src/cli/format-explain';
import { runSync } from '../../server/src/sync';
import { readAccount } from '../../server/src/use-cases/read-account';
import { explainCompany } from '../../server/src/use-cases/explain-account';
import { keylineTasks, NOW, startWorld, type World } from './harness';

jest.setTimeout(180_000);

describe('relationships against the sandbox', () => {
  let world: World;
  afterEach(async () => {
    await world?.close();
  });

  it('when a key stakeholder was known only by a colleague who left, then one task, no duplicate on the next sync, and a touch by a colleague still here closes it', async () => {
    // S: 200 companies, among them strategic accounts whose colleague who left knew a key stakeholder.
    world = await startWorld({ size: 'S', seed: 42 });
    const k = world.keyline;
    await k.gateway.setup({ lists: false });
    expect(await runSync(k, { mode: 'full' })).toMatchObject({ status: 'succeeded', errors: [] });

    const found: { companyId: string; contactId: string }[] = [];
    for (const s of await k.store.listSnapshotSummaries(k.portalId)) {
      const snap = await k.store.getSnapshot(k.portalId, s.companyId);
      const gap = snap?.result.gaps.find((g) => g.kind === 'departed_contact');
      // The stored scoring input names the colleagues who left, so a recompute from the snapshot gives the same gap.
      if (gap !== undefined) expect(snap?.input.departedOwnerIds?.length).toBeGreaterThan(0);
      if (gap?.task?.state === 'open' && gap.contactId !== undefined) found.push({ companyId: s.companyId, contactId: gap.contactId });
    }
    expect(found.length).toBeGreaterThan(0);
    const { companyId, contactId } = found[0] as { companyId: string; contactId: string };
    const marker = `keyline:gap=${companyId}/departed_contact`;
    expect(keylineTasks(world.sandbox).get(marker)).toEqual({ ids: [expect.any(String)], statuses: ['NOT_STARTED'] });
    const [taskId] = keylineTasks(world.sandbox).get(marker)?.ids ?? [];
    const body = world.sandbox.store.get('tasks', taskId as string)?.properties['hs_task_body'] ?? '';
    expect(body).toMatch(/was known only by a colleague \(HubSpot owner 7999999\d\) who has left; last touched 2026-\d\d-\d\d \(\d+ days ago\)/);

    const snap = await k.store.getSnapshot(k.portalId, companyId);
    const flags = snap?.result.relationships?.flags ?? [];
    expect(flags.some((f) => f.flag === 'departed_only' && f.contactIds.includes(contactId))).toBe(true);
    // Single-threaded on our side is shown, never a task.
    expect([...keylineTasks(world.sandbox).keys()].some((m) => m.includes('single_threaded'))).toBe(false);
    const explained = await explainCompany({ store: k.store, portalId: k.portalId }, companyId);
    expect(explained?.result.relationships?.pairs.length).toBeGreaterThan(0);
    const printed = explained === null ? '' : formatExplanation(explained, { json: false });
    expect(printed).toContain('relationship flags: departed_only');
    expect(printed).toMatch(/Relationships \(our people × their stakeholders; touches in 180 days\):\n/);
    expect(printed).toMatch(/Owner 7999999\d \(level not set, left\): /);
    // The account view carries the block, valid against its schema, with our people named.
    const lookup = await readAccount({ store: k.store, portalId: k.portalId }, companyId);
    const view = accountViewSchema.parse(lookup.ok ? toAccountView(lookup.account) : null);
    expect(view.relationships?.flags.find((f) => f.flag === 'departed_only')?.contactIds).toContain(contactId);
    expect(view.relationships?.ours.filter((o) => !o.departed).every((o) => !o.name.startsWith('Owner '))).toBe(true);

    // A second sync: the same single task.
    expect(await runSync(k, { mode: 'incremental' })).toMatchObject({ status: 'succeeded', errors: [] });
    expect(keylineTasks(world.sandbox).get(marker)).toEqual({ ids: [taskId], statuses: ['NOT_STARTED'] });

    // The account owner (still here) meets the stakeholder: the relationship is no longer only the departed colleague's.
    const ownerId = world.sandbox.store.get('companies', companyId)?.properties['hubspot_owner_id'];
    expect(world.sandbox.store.owners().some((o) => o.id === ownerId)).toBe(true);
    world.sandbox.store.create(
      'meetings',
      {
        hs_timestamp: new Date(NOW.getTime() - 3_600_000).toISOString(),
        hs_meeting_title: 'Introduction',
        hs_meeting_outcome: 'COMPLETED',
        hs_meeting_start_time: new Date(NOW.getTime() - 3_600_000).toISOString(),
        hs_meeting_end_time: new Date(NOW.getTime() - 1_800_000).toISOString(),
        hubspot_owner_id: ownerId as string,
      },
      [
        { toType: 'companies', toId: companyId },
        { toType: 'contacts', toId: contactId },
      ],
    );
    expect(await runSync(k, { mode: 'incremental' })).toMatchObject({ status: 'succeeded', errors: [] });
    expect(world.sandbox.store.get('tasks', taskId as string)?.properties['hs_task_status']).toBe('COMPLETED');
    expect(world.sandbox.store.get('tasks', taskId as string)?.properties['hs_task_body']).toContain(
      'Closed by Keyline on 2026-11-20: the gap is closed: no key stakeholder recently in touch is known only by a colleague who left.',
    );
    const after = await k.store.getSnapshot(k.portalId, companyId);
    expect(after?.result.gaps.some((g) => g.key === 'departed_contact')).toBe(false);
    expect(after?.result.relationships?.flags.some((f) => f.flag === 'departed_only' && f.contactIds.includes(contactId))).toBe(false);
    expect(keylineTasks(world.sandbox).get(marker)?.ids).toEqual([taskId]);
  });
});

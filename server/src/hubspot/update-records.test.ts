/**
 * The batch writer against a stand-in HubSpot: what the portal's validation rules refuse is reported per record with
 * the rule, never sent again; what HubSpot could not do this time is sent once more.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { refusalsOf } from './batch-errors';
import { openTransport } from './hubspot-transport';
import { batchUpdate } from './update-records';

async function standIn(answer: (inputs: { id: string }[]) => { status: number; body: unknown }) {
  const sent: string[][] = [];
  const s = http.createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      const inputs = (JSON.parse(text) as { inputs: { id: string }[] }).inputs;
      sent.push(inputs.map((i) => i.id));
      const a = answer(inputs);
      res.writeHead(a.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(a.body));
    });
  });
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
  return { url, sent, close: () => new Promise<void>((resolve) => s.close(() => resolve())) };
}

let seq = 0;
const transport = (url: string) => openTransport({ accessToken: `update-records-${++seq}`, basePath: url, burstPer10s: 100, timeScale: 100 });
const record = (id: string) => ({ id, properties: {}, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', archived: false });
const batch = (results: unknown[], errors: unknown[]) => ({ status: 'COMPLETE', results, errors, numErrors: errors.length, startedAt: 'x', completedAt: 'x' });

describe('batch updates', () => {
  it('when a 2026-09 answer names a record refused by a validation rule inside its 200, then it is reported with the rule and not sent again', async () => {
    const refused = {
      status: 'error',
      category: 'VALIDATION_ERROR',
      message: 'Property values were not valid',
      context: { ids: ['2'] },
      errors: [{ message: 'Tier 1 accounts need a domain', code: 'REQUIRED_PROPERTY', context: { propertyName: ['domain'] } }],
      links: {},
    };
    const hs = await standIn(() => ({ status: 200, body: batch([record('1')], [refused]) }));
    try {
      const out = await batchUpdate(transport(hs.url), 'companies', [
        { id: '1', properties: { keyline_tier: 'tier_2' } },
        { id: '2', properties: { keyline_tier: 'tier_1' } },
      ]);
      expect(out.succeeded).toEqual(['1']);
      expect(out.failed).toEqual([
        { id: '2', message: expect.stringContaining('domain (REQUIRED_PROPERTY: Tier 1 accounts need a domain)'), refusals: [{ property: 'domain', rule: 'REQUIRED_PROPERTY', message: 'Tier 1 accounts need a domain' }] },
      ]);
      expect(hs.sent).toEqual([['1', '2']]);
    } finally {
      await hs.close();
    }
  });

  it('when HubSpot could not write a record this time (an internal error inside the answer), then that record alone is sent once more', async () => {
    const internal = { status: 'error', category: 'INTERNAL_ERROR', message: 'try again', context: { ids: ['2'] }, errors: [], links: {} };
    let first = true;
    const hs = await standIn((inputs) => {
      if (first) {
        first = false;
        return { status: 200, body: batch([record('1')], [internal]) };
      }
      return { status: 200, body: batch(inputs.map((i) => record(i.id)), []) };
    });
    try {
      const out = await batchUpdate(transport(hs.url), 'companies', [
        { id: '1', properties: { keyline_score: '1' } },
        { id: '2', properties: { keyline_score: '2' } },
      ]);
      expect(out).toEqual({ succeeded: ['1', '2'], failed: [] });
      expect(hs.sent).toEqual([['1', '2'], ['2']]);
    } finally {
      await hs.close();
    }
  });

  it('when a whole batch is refused with a 400, then it is halved until the refused record is alone, and the others are written', async () => {
    const hs = await standIn((inputs) =>
      inputs.some((i) => i.id === '3')
        ? { status: 400, body: { status: 'error', category: 'VALIDATION_ERROR', correlationId: 'c', message: 'Property values were not valid: [{"isValid":false,"message":"must be a domain","error":"INVALID_FORMAT","name":"domain"}]' } }
        : { status: 200, body: batch(inputs.map((i) => record(i.id)), []) },
    );
    try {
      const updates = ['1', '2', '3', '4'].map((id) => ({ id, properties: { keyline_score: id } }));
      const out = await batchUpdate(transport(hs.url), 'companies', updates);
      expect(out.succeeded.sort()).toEqual(['1', '2', '4']);
      expect(out.failed).toEqual([{ id: '3', message: expect.stringContaining('INVALID_FORMAT'), refusals: [{ property: 'domain', rule: 'INVALID_FORMAT', message: 'must be a domain' }] }]);
      expect(hs.sent.filter((ids) => ids.includes('3'))).toHaveLength(3); // 4 → 2 → 1: never a loop
    } finally {
      await hs.close();
    }
  });
});

describe('refusals in HubSpot error bodies', () => {
  it('when the body is not a validation error, then nothing is called a refusal', () => {
    expect(refusalsOf({ status: 'error', category: 'RATE_LIMITS', message: 'slow down' })).toEqual([]);
    expect(refusalsOf('not json')).toEqual([]);
    expect(refusalsOf({ category: 'VALIDATION_ERROR', message: 'Property values were not valid: [not json' })).toEqual([]);
  });
});

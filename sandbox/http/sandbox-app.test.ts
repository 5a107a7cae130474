/**
 * Bodies HubSpot would refuse before reading them: malformed JSON (400) and oversize bodies (413), in HubSpot's error shape.
 */
import { startSandbox, type Sandbox } from '../index';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ size: 'XS', seed: 5, rateLimit: { searchPerSecond: 1_000_000, burstPer10s: 1_000_000 } });
});
afterAll(async () => {
  await sb.close();
});

const post = (body: string) =>
  fetch(`${sb.baseUrl}/crm/objects/2026-09/companies/batch/update`, {
    method: 'POST',
    headers: { authorization: `Bearer ${sb.token}`, 'content-type': 'application/json' },
    body,
  });

describe('request bodies', () => {
  it('when the body is not JSON, then the answer is 400 VALIDATION_ERROR', async () => {
    const res = await post('{"inputs": [');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR' });
  });

  it('when the body is over 20 MB, then the answer is 413 in HubSpot\'s error shape, not a 500', async () => {
    const res = await post(JSON.stringify({ inputs: [{ id: '1', properties: { description: 'x'.repeat(21 * 1024 * 1024) } }] }));
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ status: 'error', message: expect.stringMatching(/too large/) });
  });
});

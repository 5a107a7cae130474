/**
 * How requests to HubSpot are paced and counted (the connection's own behaviour is tested in hubspot-transport.test.ts).
 */
import { burstLimiterOptions, endpointKey, Pacer, searchLimiterOptions } from './call-policy';

describe('pacing and counting HubSpot requests', () => {
  it('when endpoints are counted, then record ids become {id} and queries are dropped', () => {
    expect(endpointKey('get', 'http://x/crm/objects/2026-09/companies/123?properties=a')).toBe('GET /crm/objects/2026-09/companies/{id}');
    expect(endpointKey('POST', 'http://x/crm/associations/2026-09/companies/contacts/batch/read')).toBe('POST /crm/associations/2026-09/companies/contacts/batch/read');
  });

  it('when the limits are 100 and 190 per 10 s and 5 searches per second, then starts are spaced at 95 % of them', () => {
    expect(burstLimiterOptions(100).minTime).toBeCloseTo(10_000 / 95);
    expect(burstLimiterOptions(190).minTime).toBeCloseTo(10_000 / 180);
    expect(burstLimiterOptions(100, 10).minTime).toBeCloseTo(1_000 / 95);
    expect(searchLimiterOptions(5).minTime).toBeCloseTo(1_000 / 4.75);
  });

  it('when several searches are let go at once (an event loop just freed), then they still go out spaced', async () => {
    jest.useFakeTimers();
    try {
      const pacer = new Pacer(210);
      const admitted: number[] = [];
      const all = Promise.all(Array.from({ length: 4 }, () => pacer.admit().then(() => admitted.push(performance.now()))));
      await jest.advanceTimersByTimeAsync(1_000);
      await all;
      expect(admitted).toHaveLength(4);
      for (let i = 1; i < admitted.length; i += 1) expect((admitted[i] as number) - (admitted[i - 1] as number)).toBeGreaterThanOrEqual(210);
    } finally {
      jest.useRealTimers();
    }
  });
});

import { call } from '../test/contract/sandbox-http';
import { startSandbox, type Sandbox } from './index';
import type { RateLimitOptions } from './rate-limits';

/** A clock the test moves by hand, so windows roll exactly when the story says. */
function manualClock(start = Date.parse('2026-11-02T09:00:00Z')) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

async function sandboxWith(rateLimit: RateLimitOptions) {
  const clock = manualClock();
  const sb = await startSandbox({ size: 'XS', asOf: new Date('2026-11-01T00:00:00Z'), rateLimit, clock: clock.now });
  return { sb, clock };
}

const search = (sb: Sandbox) =>
  call(sb, 'POST', '/crm/objects/2026-09/companies/search', { filterGroups: [], sorts: [], properties: [], limit: 1, after: '0' });

describe('the ten-secondly burst limit', () => {
  it('when the 101st call lands in the same 10-second window, then it gets HubSpot’s TEN_SECONDLY_ROLLING 429 with the rate-limit headers', async () => {
    const { sb, clock } = await sandboxWith({});
    try {
      for (let i = 1; i <= 100; i++) {
        const ok = await call(sb, 'GET', '/crm/owners/2026-09');
        expect(ok.status).toBe(200);
        expect(ok.headers.get('x-hubspot-ratelimit-remaining')).toBe(String(100 - i));
      }
      const limited = await call(sb, 'GET', '/crm/objects/2026-09/companies');
      expect(limited.status).toBe(429);
      expect(limited.body).toMatchObject({
        status: 'error',
        message: 'You have reached your ten_secondly_rolling limit.',
        errorType: 'RATE_LIMIT',
        policyName: 'TEN_SECONDLY_ROLLING',
        groupName: expect.stringMatching(/^publicapi:/),
        correlationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      });
      expect(limited.headers.get('x-hubspot-ratelimit-max')).toBe('100');
      expect(limited.headers.get('x-hubspot-ratelimit-remaining')).toBe('0');
      expect(limited.headers.get('x-hubspot-ratelimit-interval-milliseconds')).toBe('10000');
      expect(limited.headers.get('x-hubspot-ratelimit-daily')).toBe('250000');
      expect(limited.headers.get('x-hubspot-ratelimit-daily-remaining')).toBe('249900');
      expect(sb.ledger.snapshot().byEndpoint['GET /crm/objects/2026-09/companies']).toMatchObject({ calls: 1, rateLimited: 1 });

      clock.advance(9_999);
      expect((await call(sb, 'GET', '/crm/owners/2026-09')).status).toBe(429);
      clock.advance(1);
      expect((await call(sb, 'GET', '/crm/owners/2026-09')).status).toBe(200);
    } finally {
      await sb.close();
    }
  });

  it.each([110, 190])('when the app is allowed %i per 10 seconds, then exactly that many pass', async (burst) => {
    const { sb } = await sandboxWith({ burstPer10s: burst });
    try {
      const statuses: number[] = [];
      for (let i = 0; i <= burst; i++) statuses.push((await call(sb, 'GET', '/crm/owners/2026-09')).status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(burst);
      expect(statuses[burst]).toBe(429);
    } finally {
      await sb.close();
    }
  });

  it('when time is scaled by 10, then the window lasts 1 second and the headers say so', async () => {
    const { sb, clock } = await sandboxWith({ burstPer10s: 3, timeScale: 10 });
    try {
      for (let i = 0; i < 3; i++) expect((await call(sb, 'GET', '/crm/owners/2026-09')).status).toBe(200);
      const limited = await call(sb, 'GET', '/crm/owners/2026-09');
      expect(limited.status).toBe(429);
      expect(limited.headers.get('x-hubspot-ratelimit-interval-milliseconds')).toBe('1000');
      clock.advance(1_000);
      expect((await call(sb, 'GET', '/crm/owners/2026-09')).status).toBe(200);
    } finally {
      await sb.close();
    }
  });
});

describe('the search limit', () => {
  it('when a 6th search comes within one second, then SECONDLY 429, no rate-limit headers on search, and the burst budget untouched', async () => {
    const { sb, clock } = await sandboxWith({});
    try {
      for (let i = 0; i < 5; i++) {
        const ok = await search(sb);
        expect(ok.status).toBe(200);
        expect(ok.headers.get('x-hubspot-ratelimit-remaining')).toBeNull();
      }
      const limited = await search(sb);
      expect(limited.status).toBe(429);
      expect(limited.body).toMatchObject({ message: 'You have reached your secondly limit.', policyName: 'SECONDLY', errorType: 'RATE_LIMIT' });
      const other = await call(sb, 'GET', '/crm/owners/2026-09');
      expect(other.headers.get('x-hubspot-ratelimit-remaining')).toBe('99');
      clock.advance(1_000);
      expect((await search(sb)).status).toBe(200);
    } finally {
      await sb.close();
    }
  });
});

describe('the daily limit', () => {
  it('when the daily budget is spent, then DAILY 429 for every call until the limits are reset', async () => {
    const { sb } = await sandboxWith({ daily: 3 });
    try {
      for (let i = 0; i < 3; i++) expect((await call(sb, 'GET', '/crm/owners/2026-09')).status).toBe(200);
      const limited = await call(sb, 'GET', '/crm/owners/2026-09');
      expect(limited.status).toBe(429);
      expect(limited.body).toMatchObject({ message: 'You have reached your daily limit.', policyName: 'DAILY', errorType: 'RATE_LIMIT' });
      expect(limited.headers.get('x-hubspot-ratelimit-daily-remaining')).toBe('0');
      expect((await search(sb)).body.policyName).toBe('DAILY');
      sb.resetLimits();
      expect((await call(sb, 'GET', '/crm/owners/2026-09')).status).toBe(200);
      expect(sb.ledger.snapshot().rateLimited).toBe(2);
    } finally {
      await sb.close();
    }
  });
});

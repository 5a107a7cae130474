/**
 * The measure behind `freshRoundTrips`: sequential round trips are the longest chain of HubSpot requests where each
 * starts after the previous one ended.
 */
import { idleSeparatedWaves, sequentialRoundTrips, type Exchange } from './support/round-trip-recorder';

const x = (start: number, end: number): Exchange => ({ method: 'POST', path: '/p', start, end });

describe('sequential round trips', () => {
  it('when requests run in parallel, then they count as one round trip', () => {
    expect(sequentialRoundTrips([x(0, 10), x(1, 12), x(2, 9)])).toBe(1);
    expect(idleSeparatedWaves([x(0, 10), x(1, 12), x(2, 9)])).toBe(1);
  });

  it('when each request waits for the previous one, then each is a round trip', () => {
    expect(sequentialRoundTrips([x(0, 10), x(11, 20), x(21, 30)])).toBe(3);
    expect(idleSeparatedWaves([x(0, 10), x(11, 20), x(21, 30)])).toBe(3);
  });

  it('when a short request and a dependent one overlap a long one, then the chain through them counts', () => {
    // 0–5 then 6–9 both inside a long 0–20: two sequential, but never idle.
    expect(sequentialRoundTrips([x(0, 20), x(0, 5), x(6, 9)])).toBe(2);
    expect(idleSeparatedWaves([x(0, 20), x(0, 5), x(6, 9)])).toBe(1);
  });

  it('when nothing was called, then zero', () => {
    expect(sequentialRoundTrips([])).toBe(0);
    expect(idleSeparatedWaves([])).toBe(0);
  });
});

import fc from 'fast-check';
import { formatDay, formatMoney, formatPercent, formatPoints, joinWords, roundUpForPeople } from './format-values';

describe('how values read', () => {
  it('when any date is formatted, then it matches the ISO calendar day', () => {
    fc.assert(
      fc.property(fc.integer({ min: -2_000_000_000_000, max: 8_000_000_000_000 }), (ms) => {
        expect(formatDay(ms)).toBe(new Date(ms).toISOString().slice(0, 10));
      }),
      { numRuns: 500 },
    );
    expect(formatDay(Date.UTC(2024, 1, 29, 23, 59))).toBe('2024-02-29');
    expect(formatDay(Number.NaN)).toBe('unknown date');
  });

  it('when amounts are formatted, then they read like a person would say them', () => {
    expect([950, 9_500, 48_000, 999_999, 1_250_000, 12_000_000, 2_000_000_000].map(formatMoney)).toEqual([
      '$950', '$9.5k', '$48k', '$1M', '$1.3M', '$12M', '$2B',
    ]);
    expect(roundUpForPeople(38_200)).toBe(39_000);
    expect(roundUpForPeople(740)).toBe(800);
    expect(roundUpForPeople(1_234_567)).toBe(1_300_000);
  });

  it('when points and percents are formatted, then one decimal at most and a sign on growth', () => {
    expect([70, 12.5, 0.04, -0.3, -12.34].map(formatPoints)).toEqual(['70', '12.5', '0', '-0.3', '-12.3']);
    expect([0.12, -0.083, 0].map(formatPercent)).toEqual(['+12%', '-8%', '0%']);
  });

  it('when words are joined, then the last one takes "and" or "or"', () => {
    expect(joinWords(['a'], 'or')).toBe('a');
    expect(joinWords(['a', 'b', 'c'], 'or')).toBe('a, b or c');
  });
});

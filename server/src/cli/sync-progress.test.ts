import { bar, createSyncProgress, estimateBar } from './sync-progress';

/** A reporter on a fake clock and a fake call counter, writing into an array. */
function reporter(tty: boolean) {
  const out: string[] = [];
  const clock = { now: 1_000_000, calls: 0 };
  const progress = createSyncProgress({ tty, write: (text) => out.push(text), now: () => clock.now, apiCalls: () => clock.calls, heartbeatMs: 5_000, tickMs: 100 });
  return { out, clock, progress };
}

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('sync progress, piped', () => {
  test('when the output is piped, then each report is a plain line with the true time since the start and the calls made', () => {
    const { out, clock, progress } = reporter(false);
    clock.now += 15_300;
    clock.calls = 190;
    progress.onProgress({ phase: 'read', done: 1_000, total: 5_000, runId: 'r' });
    clock.now += 61_700;
    clock.calls = 940;
    progress.onProgress({ phase: 'read', done: 5_000, total: 5_000, runId: 'r' });
    progress.onProgress({ phase: 'write', done: 300, total: 300, runId: 'r' });
    progress.stop();
    expect(out).toEqual([
      'read + score: started\n',
      'read + score: 1,000/5,000 companies (20%) · 15 s · 190 HubSpot calls\n',
      'read + score: 5,000/5,000 companies (100%) · 77 s · 940 HubSpot calls\n',
      'write: 300/300 companies (100%) · 77 s · 940 HubSpot calls\n',
    ]);
    expect(out.join('')).not.toContain('\r');
  });

  test('when nothing is reported for a while, then a "still working" line says how far it got, so the log is never silent for long', () => {
    const { out, clock, progress } = reporter(false);
    clock.now += 6_000;
    clock.calls = 80;
    jest.advanceTimersByTime(6_000);
    expect(out.at(-1)).toBe('read + score: still working · 0 companies · 6.0 s · 80 HubSpot calls\n');
    progress.onProgress({ phase: 'read', done: 1_000, total: 2_000, runId: 'r' });
    clock.now += 3_000;
    jest.advanceTimersByTime(3_000);
    expect(out.at(-1)).toContain('1,000/2,000 companies (50%) · 6.0 s');
    progress.stop();
  });
});

describe('sync progress, on a terminal', () => {
  test('when the run goes on between reports, then the line is redrawn with the time ticking and the calls rising, and ends with a newline', () => {
    const { out, clock, progress } = reporter(true);
    progress.onProgress({ phase: 'read', done: 1_000, total: 4_000, runId: 'r' });
    const before = out.length;
    clock.now += 2_000;
    clock.calls += 50;
    jest.advanceTimersByTime(100);
    expect(out.length).toBe(before + 1);
    expect(out.at(-1)).toMatch(/^\r read \+ score +\|.+\| 1,000\/4,000 companies \(25%\) · 2\.0 s · 50 HubSpot calls\u001b\[K$/); // eslint-disable-line no-control-regex -- the terminal's erase-line sequence is what is asserted
    progress.stop();
    expect(out.at(-1)).toBe('\n');
  });

  test('when the write phase starts, then the read line is finished and the write line starts on its own line', () => {
    const { out, progress } = reporter(true);
    progress.onProgress({ phase: 'read', done: 10, total: 10, runId: 'r' });
    progress.onProgress({ phase: 'write', done: 5, total: 10, runId: 'r' });
    const text = out.join('');
    expect(text.indexOf('\n')).toBeGreaterThan(text.indexOf('read + score'));
    expect(text.lastIndexOf('write')).toBeGreaterThan(text.indexOf('\n'));
    progress.stop();
  });
});

describe('the bar between reports', () => {
  const state = { done: 1_000, total: 5_000, step: 1_000, callsPerCompany: 0.19, callsAtLastReport: 190 };

  test('when calls are made after a report, then the bar advances by them at the measured calls per company', () => {
    expect(estimateBar(state, 190)).toBe(1_000);
    expect(estimateBar(state, 190 + 95)).toBeCloseTo(1_500, 5);
  });

  test('when more calls are made than the chunk should take, then the bar stops just short of the next report, and never passes the total', () => {
    expect(estimateBar(state, 10_000)).toBe(1_999.5);
    expect(estimateBar({ ...state, done: 4_900, total: 5_000 }, 10_000)).toBe(4_999.5);
  });

  test('when nothing has been measured yet, then the bar stays at what was reported', () => {
    expect(estimateBar({ ...state, callsPerCompany: null }, 10_000)).toBe(1_000);
  });

  test('when drawn, then the bar has its width whatever the fraction, with a partial cell for the remainder', () => {
    expect(bar(0, 10)).toBe(' '.repeat(10));
    expect(bar(1, 10)).toBe('█'.repeat(10));
    expect(bar(0.55, 10)).toBe('█████▌    ');
    expect(bar(2, 4)).toHaveLength(4);
  });
});

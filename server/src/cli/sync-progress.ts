/**
 * The sync's progress as the CLI shows it.
 *
 * On a terminal, one line per phase, redrawn several times a second: a bar, the companies done (exact, from the sync's
 * progress events), the time since the run started (true wall time) and the HubSpot calls made so far. The sync reports
 * companies a chunk (1,000) at a time; between two reports the bar advances with the HubSpot calls made since the last
 * one, at the calls per company the finished chunks took, and never past the end of the chunk being read: the numbers
 * stay exact, the bar moves smoothly.
 *
 * Piped (a log, CI), plain lines: one per progress report, and a "still working" line when nothing was reported for a
 * while, so the output is never silent for long.
 */
import type { SyncProgress } from '../use-cases';

export interface SyncProgressOptions {
  /** Redraw one line in place (a terminal) or print plain lines (piped). */
  tty: boolean;
  write: (text: string) => void;
  /** HubSpot calls made so far by this process (the gateway's counter). */
  apiCalls?: () => number;
  now?: () => number;
  /** Terminal redraw interval (default 150 ms). */
  tickMs?: number;
  /** Piped: a "still working" line after this long without a report (default 10 s). */
  heartbeatMs?: number;
  barWidth?: number;
}

export interface SyncProgressReporter {
  onProgress(progress: SyncProgress): void;
  stop(): void;
}

const LABEL: Record<SyncProgress['phase'], string> = { read: 'read + score', write: 'write' };

const count = (n: number) => n.toLocaleString('en-US');
export const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;

interface PhaseState {
  phase: SyncProgress['phase'];
  done: number;
  total: number | null;
  /** Companies per report, as seen so far (the sync's chunk size). */
  step: number;
  callsAtLastReport: number;
  /** HubSpot calls per company over the reports of this phase so far; null before the first. */
  callsPerCompany: number | null;
  callsAtPhaseStart: number;
  lastReportAt: number;
}

/**
 * Where the bar stands: the companies done, plus the part of the next step the calls since the last report account
 * for (at the phase's calls per company), never reaching the next report's count and never past the total.
 */
export function estimateBar(state: Pick<PhaseState, 'done' | 'total' | 'step' | 'callsPerCompany' | 'callsAtLastReport'>, callsNow: number): number {
  const { done, total, step, callsPerCompany } = state;
  if (callsPerCompany === null || callsPerCompany <= 0 || step <= 0) return done;
  const ahead = (callsNow - state.callsAtLastReport) / callsPerCompany;
  const ceiling = Math.min(done + step, total ?? Number.POSITIVE_INFINITY) - 0.5;
  return Math.max(done, Math.min(done + ahead, ceiling));
}

export function bar(fraction: number, width: number): string {
  const cells = Math.max(0, Math.min(width, fraction * width));
  const full = Math.floor(cells);
  const partial = ' ▏▎▍▌▋▊▉'[Math.floor((cells - full) * 8)] ?? '';
  return `${'█'.repeat(full)}${full < width ? partial : ''}`.padEnd(width, ' ');
}

export function createSyncProgress(options: SyncProgressOptions): SyncProgressReporter {
  const now = options.now ?? Date.now;
  const calls = options.apiCalls ?? (() => 0);
  const startedAt = now();
  const callsAtStart = calls();
  const width = options.barWidth ?? 30;
  const fresh = (phase: SyncProgress['phase'], total: number | null, callsNow: number): PhaseState => ({
    phase,
    done: 0,
    total,
    step: 0,
    callsAtLastReport: callsNow,
    callsPerCompany: null,
    callsAtPhaseStart: callsNow,
    lastReportAt: now(),
  });
  // The run starts reading at once: the line shows time and calls before the first report arrives.
  let current: PhaseState | null = fresh('read', null, callsAtStart);
  let timer: NodeJS.Timeout | null = null;
  let lastLine = '';
  const madeSinceStart = () => calls() - callsAtStart;

  const describe = (state: PhaseState): string => {
    const total = state.total === null ? '' : `/${count(state.total)}`;
    const pct = state.total ? ` (${Math.floor((state.done / state.total) * 100)}%)` : '';
    return `${count(state.done)}${total} companies${pct} · ${seconds(now() - startedAt)} · ${count(madeSinceStart())} HubSpot calls`;
  };

  const render = () => {
    if (current === null) return;
    const position = estimateBar(current, calls());
    const fraction = current.total ? position / current.total : 0;
    const line = ` ${LABEL[current.phase].padEnd(12)} |${bar(fraction, width)}| ${describe(current)}`;
    if (line === lastLine) return;
    lastLine = line;
    options.write(`\r${line}\u001b[K`);
  };

  const heartbeat = () => {
    if (current === null) return;
    if (now() - current.lastReportAt < (options.heartbeatMs ?? 10_000)) return;
    current.lastReportAt = now();
    options.write(`${LABEL[current.phase]}: still working · ${describe(current)}\n`);
  };

  timer = setInterval(options.tty ? render : heartbeat, options.tty ? (options.tickMs ?? 150) : 1_000);
  timer.unref();
  if (options.tty) render();
  else options.write(`${LABEL.read}: started\n`);

  return {
    onProgress(progress) {
      const callsNow = calls();
      if (current === null || current.phase !== progress.phase) {
        if (current !== null && options.tty) {
          render();
          options.write('\n');
          lastLine = '';
        }
        current = fresh(progress.phase, progress.total, callsNow);
      }
      const state: PhaseState = current;
      const advanced = progress.done - state.done;
      if (advanced > 0) state.step = Math.max(state.step, advanced);
      state.done = progress.done;
      state.total = progress.total;
      state.callsAtLastReport = callsNow;
      state.callsPerCompany = progress.done > 0 ? (callsNow - state.callsAtPhaseStart) / progress.done : null;
      state.lastReportAt = now();
      if (options.tty) render();
      else options.write(`${LABEL[progress.phase]}: ${describe(state)}\n`);
    },
    stop() {
      if (timer !== null) clearInterval(timer);
      timer = null;
      if (options.tty && current !== null) {
        render();
        options.write('\n');
      }
      current = null;
    },
  };
}

/**
 * `npm run bench`: runs every bench/*.bench.ts in its own process (so memory figures are not mixed), in name order.
 * Each benchmark prints its figures and merges them into bench/results.json. `npm run bench -- scoring` runs one.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

/**
 * The V8 settings Keyline runs with (bin/keyline, npm start/demo): a 32 MB young generation. Scoring allocates short-lived
 * result objects at a high rate; V8's default 16 MB semi-space makes the scavenger run about twice as often.
 */
const RUNTIME_FLAGS = ['--max-semi-space-size=32'];

const only = process.argv.slice(2);
const files = readdirSync(__dirname)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort();

let failed = 0;
for (const file of files) {
  process.stdout.write(`\n=== ${file}\n`);
  const r = spawnSync(process.execPath, ['--expose-gc', ...RUNTIME_FLAGS, '--import', 'tsx', path.join(__dirname, file)], {
    stdio: 'inherit',
  });
  if (r.status !== 0) {
    failed += 1;
    process.stderr.write(`${file} failed (exit ${r.status ?? r.signal})\n`);
  }
}
spawnSync(process.execPath, [require.resolve('tsx/cli'), path.join(__dirname, 'render-benchmarks.ts')], { stdio: 'inherit' });
process.exit(failed === 0 ? 0 : 1);

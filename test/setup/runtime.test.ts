import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const pkg = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as { engines: { node: string } };

describe('the runtime the tests run on', () => {
  it('when the suite runs (npm test, npx jest, CI), then it runs on the Node the project declares, with node:sqlite built in', async () => {
    const declared = Number(/^>=(\d+)/.exec(pkg.engines.node)?.[1]);
    expect(declared).toBeGreaterThanOrEqual(24);
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(declared);
    // The store's driver: a built-in module from Node 22.13 on, absent from Node 20.
    expect(typeof (await import('node:sqlite')).DatabaseSync).toBe('function');
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatDemoGuide } from './demo-guide';
import { demoStore, removeStaleDemoStores } from './demo-store';

describe('the demo store', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyline-demo-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const touch = (name: string) => fs.writeFileSync(path.join(dir, name), 'x');

  test('when demos were killed, then their stores (and WAL files, and the old per-millisecond ones) are removed and running demos\' stores stay', () => {
    for (const name of ['demo-111.sqlite', 'demo-111.sqlite-wal', 'demo-222.sqlite', 'demo-1733300000000.sqlite', 'keyline.sqlite', 'notes.txt']) touch(name);
    const removed = removeStaleDemoStores(dir, (pid) => pid === 222);
    expect(removed.sort()).toEqual(['demo-111.sqlite', 'demo-111.sqlite-wal', 'demo-1733300000000.sqlite']);
    expect(fs.readdirSync(dir).sort()).toEqual(['demo-222.sqlite', 'keyline.sqlite', 'notes.txt']);
  });

  test('when the real process table is asked, then this process counts as running and a huge number does not', () => {
    touch(`demo-${process.pid}.sqlite`);
    touch('demo-1733300000000.sqlite');
    expect(removeStaleDemoStores(dir)).toEqual(['demo-1733300000000.sqlite']);
  });

  test('when a demo ends, then its own store files are removed', () => {
    const store = demoStore(dir, 4242);
    expect(store.databaseUrl).toBe(`sqlite:${path.join(dir, 'demo-4242.sqlite')}`);
    touch('demo-4242.sqlite');
    touch('demo-4242.sqlite-shm');
    store.remove();
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

describe('the demo guide', () => {
  const guide = {
    previewUrl: 'http://127.0.0.1:4000/',
    apiBaseUrl: 'http://127.0.0.1:3000',
    operatorToken: 'op-token',
    cardBaseUrl: 'https://keyline.example.com',
    sandbox: { baseUrl: 'http://127.0.0.1:5555', token: 'pat-na1-abc', portalId: '24681357' },
  };

  test('when everything runs, then the preview comes first, then the API with its commands, then the sandbox with its token', () => {
    const text = formatDemoGuide(guide);
    const at = (s: string) => text.indexOf(s);
    expect(at('http://127.0.0.1:4000/')).toBeGreaterThan(-1);
    expect(at('http://127.0.0.1:4000/')).toBeLessThan(at('Keyline API: http://127.0.0.1:3000'));
    expect(text).toContain("curl -H 'Authorization: Bearer op-token' http://127.0.0.1:3000/api/v1/sync/runs");
    expect(text).toContain(`-d '{"url":"https://keyline.example.com/api/v1/portfolio"}' http://127.0.0.1:4000/_hubspot/fetch`);
    expect(text).toContain('token pat-na1-abc');
    // The sandbox speaks HubSpot's 2026-09 API only (legacy paths off): the example must use it.
    expect(text).toContain("curl -H 'Authorization: Bearer pat-na1-abc' 'http://127.0.0.1:5555/crm/objects/2026-09/companies?");
    expect(at('Keyline API')).toBeLessThan(at('HubSpot sandbox'));
  });

  test('when the API or the preview did not start, then the guide says so instead of printing dead addresses', () => {
    const text = formatDemoGuide({ ...guide, previewUrl: null, apiBaseUrl: null });
    expect(text).toContain('The preview did not start');
    expect(text).toContain('The Keyline API did not start');
    expect(text).not.toContain('127.0.0.1:3000');
  });
});

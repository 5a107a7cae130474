import { PassThrough } from 'node:stream';
import { call } from '../test/contract/sandbox-http';
import { runSandboxCommand } from './cli';

describe('keyline sandbox', () => {
  it('when started, then it prints the base URL, portal id and a token that works', async () => {
    const out = new PassThrough();
    let printed = '';
    out.on('data', (c: Buffer) => (printed += c.toString()));
    const sb = await runSandboxCommand({ size: 'XS', port: 0, seed: 9, out });
    try {
      expect(printed).toContain(sb.baseUrl);
      expect(printed).toContain(`portal id  ${sb.portalId}`);
      expect(printed).toContain(sb.token);
      expect(printed).toMatch(/20 companies/);
      expect((await call(sb, 'GET', '/crm/objects/2026-09/companies?limit=1')).status).toBe(200);
    } finally {
      await sb.close();
    }
  });
});

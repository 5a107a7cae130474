import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { requestKeyline } from '../keyline-client';
import { apiError, respond, spyOnFetch } from '../../test-support/fetch-mocks';

const pingSchema = z.object({ pong: z.boolean() });

afterEach(() => jest.restoreAllMocks());

describe('the Keyline API client', () => {
  test('when a request succeeds, then it goes to the backend base URL with method and body, and the body is validated', async () => {
    const fetch = spyOnFetch().mockResolvedValue(respond(200, { pong: true }));

    const result = await requestKeyline({ method: 'POST', path: '/api/v1/ping', body: { a: 1 } }, pingSchema);

    expect(result).toEqual({ ok: true, status: 200, data: { pong: true } });
    expect(fetch).toHaveBeenCalledWith('https://keyline.example.com/api/v1/ping', {
      method: 'POST',
      timeout: 15_000,
      body: { a: 1 },
    });
  });

  test('when a GET has no body, then no body is sent', async () => {
    const fetch = spyOnFetch().mockResolvedValue(respond(200, { pong: true }));

    await requestKeyline({ method: 'GET', path: '/api/v1/ping' }, pingSchema);

    expect(fetch.mock.calls[0]?.[1]).toEqual({ method: 'GET', timeout: 15_000 });
  });

  test('when the backend answers with its error shape, then code, message and details come back as a failure value', async () => {
    spyOnFetch().mockResolvedValue(apiError(400, 'invalid_input', 'Bad input.', [{ path: 'tier', message: 'is not a tier' }]));

    const result = await requestKeyline({ method: 'GET', path: '/x' }, pingSchema);

    expect(result).toEqual({
      ok: false,
      status: 400,
      code: 'invalid_input',
      message: 'Bad input.',
      details: [{ path: 'tier', message: 'is not a tier' }],
    });
  });

  test('when an error body is not the API error shape, then the failure names the HTTP status', async () => {
    spyOnFetch().mockResolvedValue({ ok: false, status: 502, json: async () => Promise.reject(new SyntaxError('html')) } as unknown as Response);

    const result = await requestKeyline({ method: 'GET', path: '/x' }, pingSchema);

    expect(result).toMatchObject({ ok: false, status: 502, code: 'http_502', message: 'Keyline answered with HTTP 502.' });
  });

  test('when a 2xx body breaks the schema, then it is refused as invalid_response', async () => {
    spyOnFetch().mockResolvedValue(respond(200, { pong: 'yes' }));

    const result = await requestKeyline({ method: 'GET', path: '/x' }, pingSchema);

    expect(result).toMatchObject({ ok: false, status: 200, code: 'invalid_response' });
  });

  test('when hubspot.fetch rejects, then the failure is a network_error with status 0', async () => {
    spyOnFetch().mockRejectedValue(new Error('Request timed out'));

    const result = await requestKeyline({ method: 'GET', path: '/x' }, pingSchema);

    expect(result).toMatchObject({ ok: false, status: 0, code: 'network_error', message: 'Keyline could not be reached (Request timed out).' });
  });
});

describe('where HTTP happens', () => {
  test('when the UI code is searched, then the API client is the only caller of hubspot.fetch and nothing uses fetch directly', () => {
    const root = path.resolve(__dirname, '../..');
    const sources = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) return ['__tests__', 'test-support', 'node_modules'].includes(entry.name) ? [] : sources(full);
        return /\.tsx?$/.test(entry.name) ? [full] : [];
      });
    const callers = sources(root)
      .filter((file) => /\bfetch\s*\(/.test(fs.readFileSync(file, 'utf8')))
      .map((file) => path.relative(root, file));

    expect(callers).toEqual(['api/keyline-client.ts']);
  });
});

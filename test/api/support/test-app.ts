/**
 * The API under test, in-process, over fake services. Logs are captured (not printed) so tests can read them.
 */
import { Writable } from 'node:stream';
import winston from 'winston';
import { createApp, type AppOptions } from '../../../server/src/http/app';
import { logger as processLogger } from '../../../server/src/logger';
import { createFakeServices, createFakeWorld, type FakeWorld } from './fake-services';
import { TEST_BASE_URL, TEST_OPERATOR_TOKEN, TEST_PORTAL, TEST_SECRET } from './signed-client';

/** A winston transport that keeps the JSON lines in memory. */
export function memoryTransport() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8').trim());
      done();
    },
  });
  return { lines, transport: new winston.transports.Stream({ stream }) };
}

export function buildTestApp(overrides: Partial<AppOptions> = {}, world: FakeWorld = createFakeWorld()) {
  const { lines, transport } = memoryTransport();
  // The process logger's formats (redaction + JSON), writing to memory.
  const logger = winston.createLogger({ level: 'debug', format: processLogger.format, transports: [transport] });
  const { app, metrics } = createApp({
    services: createFakeServices(world),
    auth: {
      clientSecret: TEST_SECRET,
      publicBaseUrl: TEST_BASE_URL,
      portalId: TEST_PORTAL,
      operatorToken: TEST_OPERATOR_TOKEN,
    },
    logger,
    processMetrics: false,
    ...overrides,
  });
  return { app, metrics, world, logs: lines };
}

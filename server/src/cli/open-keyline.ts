/**
 * The CLI's composition root: the configuration from the environment, then Keyline (store and HubSpot gateway) or the
 * store alone, closed when the command is done.
 */
import { loadConfig, type Config } from '../config';
import { createKeyline, openKeylineStore, type Keyline, type KeylineStore } from '../keyline';
import { silenceLogger } from '../logger';
import { isTty } from './output';

export async function withKeyline<T>(fn: (k: Keyline, config: Config) => Promise<T>, env: Record<string, string | undefined> = process.env): Promise<T> {
  const config = loadConfig(env, { require: ['HUBSPOT_ACCESS_TOKEN'] });
  // Logs go to stderr as JSON; on a terminal only warnings, so progress bars stay readable.
  if (isTty()) silenceLogger(config.LOG_LEVEL !== 'debug');
  const k = await createKeyline(config);
  try {
    return await fn(k, config);
  } finally {
    await k.close();
  }
}

/** For commands that only read what the last runs stored (`report`, `explain`): no HubSpot token, no HubSpot call. */
export async function withStore<T>(fn: (k: KeylineStore) => Promise<T>, env: Record<string, string | undefined> = process.env): Promise<T> {
  const config = loadConfig(env);
  if (isTty()) silenceLogger(config.LOG_LEVEL !== 'debug');
  const k = await openKeylineStore(config);
  try {
    return await fn(k);
  } finally {
    await k.close();
  }
}

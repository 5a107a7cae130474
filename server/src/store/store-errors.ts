/**
 * The store could not be reached or locked: PostgreSQL connections lost (restart, failover, an idle-connection
 * killer, the server down) or the SQLite file locked by another process for longer than the caller may wait.
 * Nothing was changed by the failed operation. The HTTP API answers 503 `store_unavailable` (try again), readiness
 * goes red until the store answers again, and a sync stops at its last checkpoint to be resumed by the next run.
 */
export class StoreUnavailable extends Error {
  override readonly name = 'StoreUnavailable';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export const isStoreUnavailable = (err: unknown): err is StoreUnavailable => err instanceof StoreUnavailable;

/** Errors from Node's built-ins may come from another realm (jest's VM): recognise them by shape, not instanceof. */
const errorLike = (err: unknown): err is { message: string; code?: unknown; errcode?: unknown } =>
  typeof err === 'object' && err !== null && typeof (err as { message?: unknown }).message === 'string';

/** PostgreSQL error classes and socket errors that mean "the connection or the server is gone", not "bad SQL". */
const PG_CONNECTION_CODES = /^(08|57P0[1-3]|53300)/;
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const PG_CONNECTION_MESSAGES = /Connection terminated|connection (?:is )?(?:closed|lost)|Client has encountered a connection error|timeout exceeded when trying to connect/i;

/** The error as StoreUnavailable when it means PostgreSQL is unreachable; otherwise the error itself. */
export function fromPostgresError(err: unknown): unknown {
  if (err instanceof StoreUnavailable || !errorLike(err)) return err;
  const code = String((err as { code?: unknown }).code ?? '');
  if (PG_CONNECTION_CODES.test(code) || SOCKET_CODES.has(code) || PG_CONNECTION_MESSAGES.test(err.message)) {
    return new StoreUnavailable(`The PostgreSQL store is unavailable (${code ? `${code}: ` : ''}${err.message.split('\n')[0]})`, { cause: err });
  }
  return err;
}

/** The error as StoreUnavailable when SQLite reports the file busy or locked; otherwise the error itself. */
export function fromSqliteError(err: unknown): unknown {
  if (err instanceof StoreUnavailable || !errorLike(err)) return err;
  const errcode = (err as { errcode?: unknown }).errcode;
  // SQLITE_BUSY (5) and SQLITE_LOCKED (6), with their extended codes (low byte).
  if ((typeof errcode === 'number' && [5, 6].includes(errcode & 0xff)) || /database is locked|database table is locked/i.test(err.message)) {
    return new StoreUnavailable('The SQLite store is locked by another process (a sync or the CLI); try again in a moment', { cause: err });
  }
  return err;
}

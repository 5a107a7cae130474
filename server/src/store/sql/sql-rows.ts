/** Conversions between store values and SQL parameters and row columns, shared by the store's SQL files. */
import type { SqlDb } from './sql-db';

export const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);
export const toDate = (v: unknown): Date => (v instanceof Date ? v : new Date(String(v)));
export const toDateOrNull = (v: unknown): Date | null => (v === null || v === undefined ? null : toDate(v));
export const str = (v: unknown): string => String(v);
export const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** A boolean parameter: SQLite stores 0/1, PostgreSQL a boolean. */
export const bool = (kind: SqlDb['kind'], v: boolean): boolean | number => (kind === 'sqlite' ? (v ? 1 : 0) : v);

/** Largest `IN (…)` list sent in one statement. */
export const IN_CHUNK = 500;

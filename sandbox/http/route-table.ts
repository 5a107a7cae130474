/**
 * The sandbox's own small router: each HubSpot endpoint is declared once with its method, its path pattern in each
 * API generation it exists in (./api-paths), whether it is a search (its own rate limit) and whether it writes (423
 * locks). The endpoint key the ledger counts is derived from the pattern: object types are filled in, record ids stay
 * as `{id}`.
 */
import type { FaultInjector } from '../fault-injector';
import type { SandboxStore } from '../sandbox-store';
import type { WriteRules } from '../write-rules';
import type { Generation, PathsByGeneration } from './api-paths';

export interface RouteContext {
  params: Record<string, string>;
  query: Record<string, string | string[] | undefined>;
  body: unknown;
  store: SandboxStore;
  faults: FaultInjector;
  portalId: string;
  endpoint: string;
  /** Answer requested-but-empty properties as null, as live HubSpot does (off by default; v3's schema forbade null). */
  nullUnsetProperties: boolean;
  /** Search leaves out records written within this many ms (HubSpot's index lag); 0 = none. */
  searchIndexLagMs: number;
  /** The API generation the request was made on: answers differ in shape (batch errors, validation rules). */
  generation: Generation;
  /** The portal's write rules, enforced on the dated generation only (as HubSpot does from 2026-09). */
  writeRules: WriteRules;
}

export interface RouteResult {
  status: number;
  body?: unknown;
  /** Set when the answer carries injected per-input failures (counted as a fault in the ledger). */
  injectedFault?: boolean;
}

export interface Route {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  paths: PathsByGeneration;
  kind?: 'search' | 'standard';
  write?: boolean;
  handle: (ctx: RouteContext) => RouteResult;
}

/** Path segments named here are filled in the endpoint key; any other `:param` becomes `{param}`. */
const KEYED_PARAMS = new Set(['objectType', 'fromObjectType', 'toObjectType']);

export interface CompiledRoute extends Route {
  pattern: string;
  generation: Generation;
  regex: RegExp;
  names: string[];
}

/** One compiled route per generation the endpoint exists in (and that is served). */
export function compileRoutes(routes: readonly Route[], generations: readonly Generation[]): CompiledRoute[] {
  return routes.flatMap((route) =>
    generations.flatMap((generation) => {
      const pattern = route.paths[generation];
      return pattern === undefined ? [] : [compileRoute(route, generation, pattern)];
    }),
  );
}

function compileRoute(route: Route, generation: Generation, pattern: string): CompiledRoute {
  const names: string[] = [];
  const source = pattern
    .split('/')
    .map((seg) => {
      if (seg.startsWith(':')) {
        names.push(seg.slice(1));
        return '([^/]+)';
      }
      return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { ...route, pattern, generation, regex: new RegExp(`^${source}/?$`), names };
}

export function matchRoute(
  routes: CompiledRoute[],
  method: string,
  path: string,
): { route: CompiledRoute; params: Record<string, string>; endpoint: string } | undefined {
  for (const route of routes) {
    if (route.method !== method) continue;
    const m = route.regex.exec(path);
    if (!m) continue;
    const params: Record<string, string> = {};
    route.names.forEach((n, i) => {
      params[n] = decodeURIComponent(m[i + 1] ?? '');
    });
    const endpoint = `${method} ${route.pattern
      .split('/')
      .map((seg) => (seg.startsWith(':') ? (KEYED_PARAMS.has(seg.slice(1)) ? (params[seg.slice(1)] ?? seg) : `{${seg.slice(1)}}`) : seg))
      .join('/')}`;
    return { route, params, endpoint };
  }
  return undefined;
}

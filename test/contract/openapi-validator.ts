/**
 * Validates requests and responses against HubSpot's published OpenAPI 3.0 specs (shared/hubspot-openapi/) with ajv.
 * The loader converts each spec's components.schemas to JSON Schema (OpenAPI 3.0 `nullable` → a type union), finds
 * the operation for a method and a concrete path, and resolves its requestBody / response schema (`$ref`s included).
 */
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '..', '..');

/** The shared spec directory: $KEYLINE_OPENAPI_DIR, else ../shared/hubspot-openapi beside the clone. */
export function openApiDir(): string {
  const fromEnv = process.env['KEYLINE_OPENAPI_DIR'];
  const dir = fromEnv && fromEnv !== '' ? fromEnv : path.join(repoRoot, '..', 'shared', 'hubspot-openapi');
  if (!existsSync(dir)) throw new Error(`HubSpot OpenAPI specs not found at ${dir} (set KEYLINE_OPENAPI_DIR)`);
  return dir;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

interface Spec {
  file: string;
  doc: JsonObject;
  ajv: Ajv;
  /** [method, template, regex, number of params] */
  operations: { method: string; template: string; regex: RegExp; params: number; op: JsonObject }[];
}

/** OpenAPI 3.0 → JSON Schema: `nullable: true` becomes a type union with "null"; `example` dropped. */
export function toJsonSchema(node: Json): Json {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (node === null || typeof node !== 'object') return node;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'example' || k === 'nullable') continue;
    // Under "properties" the keys are property names, not keywords: convert their values only.
    out[k] = toJsonSchema(v);
  }
  if (node['nullable'] === true) {
    if (typeof node['type'] !== 'string') return { anyOf: [out, { type: 'null' }] };
    out['type'] = [node['type'], 'null'];
    if (Array.isArray(out['enum'])) out['enum'] = [...out['enum'], null];
  }
  return out;
}

const specs = new Map<string, Spec>();

function loadSpec(file: string): Spec {
  const cached = specs.get(file);
  if (cached) return cached;
  const doc = JSON.parse(readFileSync(path.join(openApiDir(), file), 'utf8')) as JsonObject;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const components = (doc['components'] ?? {}) as JsonObject;
  ajv.addSchema({ $id: file, components: { schemas: toJsonSchema(components['schemas'] ?? {}) } });
  const operations: Spec['operations'] = [];
  for (const [template, item] of Object.entries((doc['paths'] ?? {}) as JsonObject)) {
    const names: string[] = [];
    const regex = new RegExp(
      `^${template.replace(/\{([^}]+)\}/g, (_m, n: string) => {
        names.push(n);
        return '([^/]+)';
      })}$`,
    );
    for (const [method, op] of Object.entries(item as JsonObject)) {
      if (method === 'parameters') continue;
      operations.push({ method: method.toUpperCase(), template, regex, params: names.length, op: op as JsonObject });
    }
  }
  operations.sort((a, b) => a.params - b.params);
  const spec = { file, doc, ajv, operations };
  specs.set(file, spec);
  return spec;
}

const OBJECT_SPECS: Record<string, string> = {
  '0-1': 'contacts',
  '0-2': 'companies',
  '0-3': 'deals',
  '0-27': 'tasks',
  '0-46': 'notes',
  '0-47': 'meetings',
  '0-48': 'calls',
  '0-49': 'emails',
  // Outcomes (issue #15): the spec files are named with hyphens, the paths with underscores.
  '0-7': 'products',
  '0-8': 'line-items',
  line_items: 'line-items',
  '0-19': 'feedback-submissions',
  feedback_submissions: 'feedback-submissions',
};

/** Which spec describes a path: the 2026-09 specs for date-versioned paths, the v3/v4 ones for legacy paths. */
export function specFileFor(urlPath: string): string {
  const p = urlPath.replace(/\?.*$/, '');
  const dated = /^\/(crm\/objects|crm\/associations|crm\/properties|crm\/owners|crm\/pipelines|crm\/lists|account-info)\/(\d{4}-\d{2})(?:\/([^/]+))?(\/.*)?$/.exec(p);
  if (dated) {
    const [, api, version, first, rest] = dated;
    if (api === 'crm/objects' && /^\/[^/]+\/associations\//.test(rest ?? '')) return `associations-${version}.json`;
    if (api === 'crm/objects') return `${OBJECT_SPECS[first ?? ''] ?? first}-${version}.json`;
    const name = { 'crm/associations': 'associations', 'crm/properties': 'properties', 'crm/owners': 'owners', 'crm/pipelines': 'pipelines', 'crm/lists': 'lists', 'account-info': 'account-info' }[api as string];
    return `${name}-${version}.json`;
  }
  const obj = /^\/crm\/v3\/objects\/([^/]+)/.exec(p);
  if (obj) return `${obj[1]}-v3.json`;
  if (p.startsWith('/crm/v4/')) return 'associations-v4.json';
  if (p.startsWith('/crm/v3/properties')) return 'properties-v3.json';
  if (p.startsWith('/crm/v3/owners')) return 'owners-v3.json';
  if (p.startsWith('/crm/v3/pipelines')) return 'pipelines-v3.json';
  if (p.startsWith('/crm/v3/lists')) return 'lists-v3.json';
  throw new Error(`No HubSpot spec for ${urlPath}`);
}

function findOperation(method: string, urlPath: string): { spec: Spec; op: JsonObject; template: string } {
  const file = specFileFor(urlPath);
  const spec = loadSpec(file);
  const p = urlPath.replace(/\?.*$/, '').replace(/\/$/, '');
  // The deals spec names its paths by object type id (/crm/v3/objects/0-3/…); the API answers on both.
  const alias = p.replace(/^\/crm\/v3\/objects\/deals(?=\/|$)/, '/crm/v3/objects/0-3');
  const found = spec.operations.find((o) => o.method === method && (o.regex.test(p) || o.regex.test(alias)));
  if (!found) throw new Error(`${method} ${p} is not an operation of ${file}`);
  return { spec, op: found.op, template: found.template };
}

function refTo(spec: Spec, ref: string): string {
  return `${spec.file}${ref}`;
}

function resolveRef(spec: Spec, node: JsonObject): JsonObject {
  const ref = node['$ref'];
  if (typeof ref !== 'string') return node;
  const parts = ref.replace(/^#\//, '').split('/');
  let cur: Json = spec.doc;
  for (const part of parts) cur = (cur as JsonObject)[part] ?? null;
  return cur as JsonObject;
}

function contentSchema(spec: Spec, holder: JsonObject): JsonObject | undefined {
  const resolved = resolveRef(spec, holder);
  const content = resolved['content'] as JsonObject | undefined;
  if (!content) return undefined;
  const media = (content['application/json'] ?? content['*/*'] ?? Object.values(content)[0]) as JsonObject | undefined;
  return media?.['schema'] as JsonObject | undefined;
}

const validators = new Map<string, ValidateFunction>();

function compile(spec: Spec, schema: JsonObject, key: string): ValidateFunction {
  const cached = validators.get(key);
  if (cached) return cached;
  const converted = toJsonSchema(schema) as JsonObject;
  const rooted = typeof converted['$ref'] === 'string' ? { $ref: refTo(spec, converted['$ref']) } : rewriteRefs(spec, converted);
  const v = spec.ajv.compile(rooted as object);
  validators.set(key, v);
  return v;
}

function rewriteRefs(spec: Spec, node: Json): Json {
  if (Array.isArray(node)) return node.map((n) => rewriteRefs(spec, n));
  if (node === null || typeof node !== 'object') return node;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(node)) out[k] = k === '$ref' && typeof v === 'string' ? refTo(spec, v) : rewriteRefs(spec, v);
  return out;
}

export interface ValidationOutcome {
  valid: boolean;
  errors: string;
  schema: string;
}

/** Validates a response body for (method, path, status); `default` covers statuses the operation does not list. */
export function validateResponse(method: string, urlPath: string, status: number, body: unknown): ValidationOutcome {
  const { spec, op, template } = findOperation(method, urlPath);
  const responses = (op['responses'] ?? {}) as JsonObject;
  const holder = (responses[String(status)] ?? responses['default']) as JsonObject | undefined;
  if (!holder) return { valid: false, errors: `status ${status} is not documented for ${method} ${template}`, schema: '' };
  const schema = contentSchema(spec, holder);
  if (!schema) {
    const ok = body === undefined || body === '' || body === null;
    return { valid: ok, errors: ok ? '' : `${method} ${template} ${status} documents no body`, schema: '(none)' };
  }
  const key = `${spec.file} ${method} ${template} ${status}`;
  const v = compile(spec, schema, key);
  const valid = v(body);
  return { valid, errors: valid ? '' : spec.ajv.errorsText(v.errors, { separator: '\n' }), schema: JSON.stringify(schema) };
}

/** Validates a request body against the operation's requestBody schema. */
export function validateRequest(method: string, urlPath: string, body: unknown): ValidationOutcome {
  const { spec, op, template } = findOperation(method, urlPath);
  const holder = op['requestBody'] as JsonObject | undefined;
  if (!holder) return { valid: body === undefined, errors: body === undefined ? '' : `${method} ${template} takes no body`, schema: '' };
  const schema = contentSchema(spec, holder);
  if (!schema) return { valid: true, errors: '', schema: '' };
  const v = compile(spec, schema, `${spec.file} ${method} ${template} request`);
  const valid = v(body);
  return { valid, errors: valid ? '' : spec.ajv.errorsText(v.errors, { separator: '\n' }), schema: JSON.stringify(schema) };
}

/** Lists every operation of a spec file (to check which endpoints the contract tests cover). */
export function operationsOf(file: string): string[] {
  return loadSpec(file).operations.map((o) => `${o.method} ${o.template}`);
}

/**
 * Validates a request's query parameters: each must be one the operation declares (`in: query`), and a scalar value
 * must match its schema (a boolean `true`/`false`, an integer, an enum member). A declared list takes HubSpot's
 * comma-separated form.
 */
export function validateQuery(method: string, urlPath: string, query: Record<string, string | string[]>): ValidationOutcome {
  const { spec, op, template } = findOperation(method, urlPath);
  const item = (spec.doc['paths'] as JsonObject)[template] as JsonObject;
  const declared = [...((item['parameters'] ?? []) as JsonObject[]), ...((op['parameters'] ?? []) as JsonObject[])]
    .map((p) => resolveRef(spec, p))
    .filter((p) => p['in'] === 'query');
  const problems: string[] = [];
  for (const [name, raw] of Object.entries(query)) {
    const param = declared.find((p) => p['name'] === name);
    if (!param) {
      problems.push(`query parameter "${name}" is not declared by ${method} ${template}`);
      continue;
    }
    const schema = (param['schema'] ?? {}) as JsonObject;
    const values = Array.isArray(raw) ? raw : [raw];
    for (const v of values) {
      if (schema['type'] === 'boolean' && v !== 'true' && v !== 'false') problems.push(`${name}=${v} is not a boolean`);
      if (schema['type'] === 'integer' && !/^-?\d+$/.test(v)) problems.push(`${name}=${v} is not an integer`);
      if (Array.isArray(schema['enum']) && !schema['enum'].includes(v)) problems.push(`${name}=${v} is not one of ${JSON.stringify(schema['enum'])}`);
    }
  }
  return { valid: problems.length === 0, errors: problems.join('\n'), schema: template };
}

/** `METHOD template` of the operation a request is (throws when the specs have no such operation). */
export function operationOf(method: string, urlPath: string): string {
  const { spec, template } = findOperation(method, urlPath);
  return `${spec.file} ${method} ${template}`;
}

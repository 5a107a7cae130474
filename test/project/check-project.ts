/**
 * The offline project check. HubSpot's own parser (@hubspot/project-parsing-lib, what `hs project upload` uses)
 * reads the project; the checks below add what it does not do offline: that no config file was skipped or silently
 * dropped, that entrypoints exist and everything they import is uploaded and installable, that fetch URLs are HTTPS,
 * that card locations and object types are valid, that uids are valid and unique, and that the app's scopes cover
 * every HubSpot endpoint the backend calls.
 * Each check returns a list of problems (empty = fine), so a test can also show that a broken project is caught.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const PARSER = path.join(__dirname, 'parse-project.mjs');

/** Runs HubSpot's parser (see parse-project.mjs) and returns its JSON answer. Throws with the parser's message. */
function runParser(args: string[]): unknown {
  try {
    return JSON.parse(execFileSync(process.execPath, [PARSER, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '');
    const reason = /^\w*Error: [\s\S]*?(?=\n\s+at |$)/m.exec(stderr)?.[0] ?? stderr;
    throw new Error(`HubSpot's project parser refused the project: ${reason.trim()}`);
  }
}

/** HubSpot's own uid rule (@hubspot/project-parsing-lib `validateUid`): null when valid, else the message. */
export function validateUids(uids: string[]): Record<string, string | null> {
  return uids.length === 0 ? {} : (runParser(['validate-uids', ...uids]) as Record<string, string | null>);
}

export interface IrNode {
  uid: string;
  componentType: string;
  metaFilePath: string;
  config: Record<string, unknown>;
}

export interface LoadedProject {
  projectDir: string;
  srcDir: string;
  platformVersion: string;
  /** HubSpot's verdicts on the platform version (isKnownPlatformVersion, isLegacyProject). */
  knownPlatformVersion: boolean;
  legacyProject: boolean;
  nodes: IrNode[];
  skippedHsMetaFiles: string[];
  /** Component type → how many hsmeta files and how many are allowed (null: no limit). */
  counts: Record<string, { count: number; maxCount: number | null }>;
  /** Every `*-hsmeta.json` under srcDir (relative, POSIX), found by our own walk. */
  hsMetaFilesOnDisk: string[];
}

const HSMETA_SUFFIX = '-hsmeta.json';
const NEVER_WALKED = new Set(['node_modules', '.git', '.jest-cache']);

function walkFiles(root: string, dir = root): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (NEVER_WALKED.has(entry.name)) return [];
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return walkFiles(root, full);
    return [path.relative(root, full).split(path.sep).join('/')];
  });
}

interface ParserAnswer {
  config: { platformVersion: string };
  srcDir: string;
  knownPlatformVersion: boolean;
  legacyProject: boolean;
  nodes: { uid: string; componentType: string; metaFilePath: string; config?: Record<string, unknown> }[];
  skippedHsMetaFiles: string[];
  counts: LoadedProject['counts'];
}

export async function loadProject(projectDir: string): Promise<LoadedProject> {
  const answer = runParser(['parse', projectDir]) as ParserAnswer;
  return {
    projectDir,
    srcDir: answer.srcDir,
    platformVersion: answer.config.platformVersion,
    knownPlatformVersion: answer.knownPlatformVersion,
    legacyProject: answer.legacyProject,
    nodes: answer.nodes.map((node) => ({
      uid: node.uid,
      componentType: node.componentType,
      metaFilePath: node.metaFilePath.split(path.sep).join('/'),
      config: node.config ?? {},
    })),
    skippedHsMetaFiles: answer.skippedHsMetaFiles.map((file) => file.split(path.sep).join('/')),
    counts: answer.counts,
    hsMetaFilesOnDisk: walkFiles(answer.srcDir).filter((file) => file.endsWith(HSMETA_SUFFIX)),
  };
}

/** The `file:`/`link:` packages HubSpot's CLI uploads with the project (its own `collectFileDependencies`). */
export function fileDependencies(srcDir: string): { packageName: string; localPath: string; sourcePackageJsonPath: string }[] {
  return runParser(['file-dependencies', srcDir]) as ReturnType<typeof fileDependencies>;
}

/** The files of a local package that get uploaded (HubSpot's own `getPackableFiles`, i.e. npm's packlist). */
export function packableFiles(dir: string): string[] {
  return runParser(['packable', dir]) as string[];
}

// ---------------------------------------------------------------------------------------------------------------
// Structure
// ---------------------------------------------------------------------------------------------------------------

/** No hsmeta file skipped (misplaced) or dropped (e.g. malformed JSON, which the parser drops without a word). */
export function checkNothingSkippedOrDropped(project: LoadedProject): string[] {
  const parsed = new Set(project.nodes.map((node) => node.metaFilePath));
  return [
    ...project.skippedHsMetaFiles.map((file) => `${file}: skipped by HubSpot's parser (not in a component folder)`),
    ...project.hsMetaFilesOnDisk
      .filter((file) => !parsed.has(file) && !project.skippedHsMetaFiles.includes(file))
      .map((file) => `${file}: dropped by HubSpot's parser (is it valid JSON with uid, type and config?)`),
  ];
}

export function checkComponentCounts(project: LoadedProject): string[] {
  return Object.entries(project.counts)
    .filter(([, { count, maxCount }]) => maxCount !== null && count > maxCount)
    .map(([type, { count, maxCount }]) => `${type}: ${count} components, at most ${maxCount} allowed`);
}

function readJson(file: string): unknown {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** Top-level keys and uids, read from the files themselves (the IR is keyed by uid, so it hides duplicates). */
export function checkHsMetaFiles(project: Pick<LoadedProject, 'srcDir' | 'hsMetaFilesOnDisk'>): string[] {
  const problems: string[] = [];
  const uids: [file: string, uid: unknown][] = [];
  for (const file of project.hsMetaFilesOnDisk) {
    let content: unknown;
    try {
      content = readJson(path.join(project.srcDir, file));
    } catch {
      problems.push(`${file}: not valid JSON`);
      continue;
    }
    if (typeof content !== 'object' || content === null) {
      problems.push(`${file}: not a JSON object`);
      continue;
    }
    const extra = Object.keys(content).filter((key) => !['uid', 'type', 'config'].includes(key));
    if (extra.length > 0) problems.push(`${file}: unexpected top-level keys ${extra.join(', ')}`);
    uids.push([file, (content as { uid?: unknown }).uid]);
  }
  const verdicts = validateUids(uids.flatMap(([, uid]) => (typeof uid === 'string' ? [uid] : [])));
  const seen = new Map<string, string>();
  for (const [file, uid] of uids) {
    if (typeof uid !== 'string') {
      problems.push(`${file}: uid is missing`);
      continue;
    }
    const verdict = verdicts[uid];
    if (verdict) problems.push(`${file}: ${verdict}`);
    const other = seen.get(uid);
    if (other !== undefined) problems.push(`${file}: uid "${uid}" is also used by ${other}`);
    seen.set(uid, file);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------------------
// Cards, settings and their code
// ---------------------------------------------------------------------------------------------------------------

export const CARD_LOCATIONS = ['crm.record.tab', 'crm.record.sidebar', 'crm.preview', 'helpdesk.sidebar'] as const;
/** Standard CRM object types a card may name (HubSpot's templates use both spellings). */
export const CARD_OBJECT_TYPES = [
  'companies', 'contacts', 'deals', 'tickets', 'products', 'line_items', 'quotes', 'calls', 'emails', 'meetings', 'notes', 'tasks',
  'COMPANY', 'CONTACT', 'DEAL', 'TICKET', 'PRODUCT', 'LINE_ITEM', 'QUOTE',
];

export function checkCards(project: LoadedProject): string[] {
  return project.nodes
    .filter((node) => node.componentType === 'CARD')
    .flatMap((node) => {
      const { location, objectTypes } = node.config as { location?: unknown; objectTypes?: unknown };
      const problems: string[] = [];
      if (!CARD_LOCATIONS.includes(location as (typeof CARD_LOCATIONS)[number])) {
        problems.push(`${node.uid}: location ${JSON.stringify(location)} is not one of ${CARD_LOCATIONS.join(', ')}`);
      }
      if (!Array.isArray(objectTypes) || objectTypes.length === 0) {
        problems.push(`${node.uid}: objectTypes must list at least one object type`);
      } else {
        for (const type of objectTypes) {
          if (!CARD_OBJECT_TYPES.includes(String(type))) problems.push(`${node.uid}: unknown object type ${JSON.stringify(type)}`);
        }
      }
      return problems;
    });
}

/** A tiny .gitignore-style matcher, enough for .hsignore (at the project root, paths relative to it): `dir/`, `/rooted`, `*`, `**\/`. */
export function readIgnore(projectDir: string): (relativePath: string) => boolean {
  const file = path.join(projectDir, '.hsignore');
  if (!fs.existsSync(file)) return () => false;
  const patterns = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((pattern) => {
      const directoryOnly = pattern.endsWith('/');
      const body = pattern.replace(/\/$/, '');
      const anchored = body.startsWith('/') || body.replace(/^\*\*\//, '').includes('/');
      const source = body
        .replace(/^\//, '')
        .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
        .replace(/\*\*\//g, '\u0000')
        .replace(/\*/g, '[^/]*')
        .replace(/\u0000/g, '(?:.*/)?'); // eslint-disable-line no-control-regex -- NUL is the placeholder set two lines up
      return { regex: new RegExp(`^${anchored ? '' : '(?:.*/)?'}${source}$`), directoryOnly };
    });
  return (relativePath) => {
    const segments = relativePath.split('/');
    return segments.some((_, index) => {
      const prefix = segments.slice(0, index + 1).join('/');
      const isDirectory = index < segments.length - 1;
      return patterns.some(({ regex, directoryOnly }) => (!directoryOnly || isDirectory) && regex.test(prefix));
    });
  };
}

const IMPORT_PATTERN = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g;
const SOURCE_EXTENSIONS = ['.tsx', '.ts', '.jsx', '.js'];

function resolveRelative(fromFile: string, specifier: string): string | undefined {
  const base = path.resolve(path.dirname(fromFile), specifier);
  const candidates = [base, ...SOURCE_EXTENSIONS.map((ext) => base + ext), ...SOURCE_EXTENSIONS.map((ext) => path.join(base, `index${ext}`))];
  return candidates.find((candidate) => fs.existsSync(candidate) && fs.statSync(candidate).isFile());
}

/** The package a bare import comes from: `@scope/name/sub` → `@scope/name`, `react/jsx-runtime` → `react`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

export interface EntrypointGraph {
  /** Files of the project (relative to srcDir, POSIX). */
  files: string[];
  /** Files of local packages (absolute), by package directory. */
  localPackageFiles: Map<string, string[]>;
  packages: string[];
  problems: string[];
}

/**
 * Follows the imports of an entrypoint through the code HubSpot bundles: relative imports, and bare imports of the
 * component's local (`file:`) packages, into those packages.
 */
export function followImports(srcDir: string, entrypoint: string, localPackages: Record<string, string> = {}): EntrypointGraph {
  const files = new Set<string>();
  const packages = new Set<string>(['react']); // JSX compiles to react/jsx-runtime
  const problems: string[] = [];
  const queue = [entrypoint];
  const show = (file: string) => path.relative(srcDir, file).split(path.sep).join('/');
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (files.has(file)) continue;
    files.add(file);
    const source = fs.readFileSync(file, 'utf8');
    for (const match of source.matchAll(IMPORT_PATTERN)) {
      const specifier = match[1] ?? match[2];
      if (specifier === undefined) continue;
      const packageName = packageOf(specifier);
      const localDir = localPackages[packageName];
      if (specifier.startsWith('node:') || ['fs', 'path', 'crypto'].includes(specifier)) {
        problems.push(`${show(file)} imports Node's ${specifier}, which does not exist in HubSpot's card sandbox`);
      } else if (specifier.startsWith('.')) {
        const resolved = resolveRelative(file, specifier);
        if (resolved === undefined) problems.push(`${show(file)} imports ${specifier}, which does not exist`);
        else queue.push(resolved);
      } else if (localDir !== undefined) {
        const resolved = resolveRelative(path.join(localDir, 'index.ts'), `./${specifier.slice(packageName.length + 1) || 'index'}`);
        if (resolved === undefined) problems.push(`${show(file)} imports ${specifier}, which does not exist`);
        else queue.push(resolved);
      } else {
        packages.add(packageName);
      }
    }
  }
  const localPackageFiles = new Map<string, string[]>();
  const projectFiles: string[] = [];
  for (const file of files) {
    const owner = Object.values(localPackages).find((dir) => file.startsWith(dir + path.sep));
    if (owner === undefined) projectFiles.push(show(file));
    else localPackageFiles.set(owner, [...(localPackageFiles.get(owner) ?? []), file]);
  }
  return { files: projectFiles, localPackageFiles, packages: [...packages], problems };
}

function localPackagesOf(packageJson: string, dependencies: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(dependencies).flatMap(([name, spec]) => {
      const local = /^(?:file|link):(.+)$/.exec(spec)?.[1];
      return local === undefined ? [] : [[name, fs.realpathSync(path.resolve(path.dirname(packageJson), local))]];
    }),
  );
}

/** The extension point a component without a `location` registers for (cards name theirs in the config). */
const EXTENSION_POINT_OF: Readonly<Record<string, string>> = { SETTINGS: 'settings', PAGE: 'pages' };

/** The app page (type `page`, HubSpot's app pages): one at most, configured by its entrypoint alone. */
export function checkPages(project: LoadedProject): string[] {
  return project.nodes
    .filter((node) => node.componentType === 'PAGE')
    .flatMap((node) => {
      const extra = Object.keys(node.config).filter((key) => key !== 'entrypoint');
      return extra.length === 0 ? [] : [`${node.uid}: unexpected config keys ${extra.join(', ')} (an app page takes only entrypoint)`];
    });
}

/**
 * Every entrypoint exists and registers for the location its hsmeta declares; everything it imports is uploaded
 * (project files not in .hsignore; local packages' files in their packlist) and every package it imports is in the
 * component's package.json.
 */
export function checkEntrypoints(project: LoadedProject): string[] {
  const ignored = readIgnore(project.projectDir);
  const packlists = new Map<string, Set<string>>();
  const packlistOf = (dir: string) => {
    if (!packlists.has(dir)) packlists.set(dir, new Set(packableFiles(dir)));
    return packlists.get(dir) as Set<string>;
  };
  return project.nodes
    .filter((node) => typeof node.config['entrypoint'] === 'string')
    .flatMap((node) => {
      const entrypoint = node.config['entrypoint'] as string;
      const file = path.join(project.srcDir, entrypoint);
      if (!entrypoint.startsWith('/') || !fs.existsSync(file)) return [`${node.uid}: entrypoint ${entrypoint} does not exist`];

      const problems: string[] = [];
      const expectedLocation = EXTENSION_POINT_OF[node.componentType] ?? String(node.config['location']);
      const registered = /hubspot\.extend<'([^']+)'>/.exec(fs.readFileSync(file, 'utf8'))?.[1];
      if (registered !== expectedLocation) {
        problems.push(`${node.uid}: ${entrypoint} registers for ${String(registered)}, the hsmeta says ${expectedLocation}`);
      }

      const packageJson = path.join(path.dirname(path.join(project.srcDir, node.metaFilePath)), 'package.json');
      if (!fs.existsSync(packageJson)) return [...problems, `${node.uid}: no package.json next to ${node.metaFilePath}`];
      const { dependencies = {} } = readJson(packageJson) as { dependencies?: Record<string, string> };

      const graph = followImports(project.srcDir, file, localPackagesOf(packageJson, dependencies));
      problems.push(...graph.problems.map((problem) => `${node.uid}: ${problem}`));
      for (const bundled of graph.files) {
        if (bundled.startsWith('..')) problems.push(`${node.uid}: imports ${bundled}, outside the project's srcDir`);
        else if (ignored(path.relative(project.projectDir, path.join(project.srcDir, bundled)).split(path.sep).join('/'))) {
          problems.push(`${node.uid}: imports ${bundled}, which .hsignore keeps out of the upload`);
        }
      }
      for (const [dir, files] of graph.localPackageFiles) {
        const packable = packlistOf(dir);
        for (const bundled of files) {
          const relative = path.relative(dir, bundled).split(path.sep).join('/');
          if (!packable.has(relative)) problems.push(`${node.uid}: imports ${relative} of ${dir}, which its package does not ship`);
        }
      }
      for (const dependency of graph.packages) {
        if (!(dependency in dependencies)) {
          problems.push(`${node.uid}: imports ${dependency}, which ${path.relative(project.srcDir, packageJson)} does not list`);
        }
      }
      return problems;
    });
}

// ---------------------------------------------------------------------------------------------------------------
// The app: fetch allow-list and scopes
// ---------------------------------------------------------------------------------------------------------------

export function appConfig(project: LoadedProject): {
  auth: { type: string; requiredScopes: string[]; optionalScopes: string[]; conditionallyRequiredScopes: string[] };
  permittedUrls: { fetch: string[]; iframe: string[]; img: string[] };
  distribution: string;
} {
  const app = project.nodes.find((node) => node.componentType === 'APPLICATION');
  if (app === undefined) throw new Error('the project has no app component');
  return app.config as ReturnType<typeof appConfig>;
}

export function checkPermittedUrls(project: LoadedProject): string[] {
  const { permittedUrls } = appConfig(project);
  return Object.entries(permittedUrls).flatMap(([kind, urls]) =>
    urls.flatMap((url) => {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        return [`permittedUrls.${kind}: ${url} is not a URL`];
      }
      if (parsed.protocol !== 'https:') return [`permittedUrls.${kind}: ${url} is not HTTPS`];
      if (['localhost', '127.0.0.1', '[::1]'].includes(parsed.hostname)) return [`permittedUrls.${kind}: ${url} is local`];
      return [];
    }),
  );
}

export type Access = 'read' | 'write';
export interface ScopeRule {
  /** Endpoint path prefix (placeholders already filled). */
  prefix: string;
  read: string[];
  write: string[];
}

/** A call writes when it changes something: PATCH/PUT/DELETE, batch create/update/archive/upsert, or a POST that creates. */
export function accessOf(method: string, endpointPath: string): Access {
  if (['PATCH', 'PUT', 'DELETE'].includes(method)) return 'write';
  if (method !== 'POST') return 'read';
  if (/\/(search|batch\/read)$/.test(endpointPath)) return 'read';
  return 'write';
}

export function requiredScopes(rules: readonly ScopeRule[], method: string, endpointPath: string): string[] | undefined {
  const rule = [...rules]
    .sort((a, b) => b.prefix.length - a.prefix.length)
    .find((candidate) => endpointPath === candidate.prefix || endpointPath.startsWith(`${candidate.prefix}/`));
  if (rule === undefined) return undefined;
  return accessOf(method, endpointPath) === 'write' ? rule.write : rule.read;
}

export function checkScopes(
  project: LoadedProject,
  rules: readonly ScopeRule[],
  calls: readonly { method: string; path: string; optional?: boolean }[],
): string[] {
  const { auth } = appConfig(project);
  return calls.flatMap((call) => {
    const needed = requiredScopes(rules, call.method, call.path);
    if (needed === undefined) return [`${call.method} ${call.path}: no scope rule for this endpoint`];
    const granted = new Set([...auth.requiredScopes, ...(call.optional ? auth.optionalScopes : [])]);
    const missing = needed.filter((scope) => !granted.has(scope));
    return missing.length === 0 ? [] : [`${call.method} ${call.path}: needs ${missing.join(', ')}`];
  });
}

/**
 * The HubSpot calls the backend source names: the labels it gives each call (`'POST /crm/v3/objects/companies/batch/read'`)
 * and bare HubSpot paths. Template placeholders (`${type}`) and `{id}` come back as `*`.
 */
export function hubspotCallsInSource(dir: string): { method: string; path: string; file: string }[] {
  const found: { method: string; path: string; file: string }[] = [];
  // The method stands either in the same string ('POST /crm/…') or as the argument just before it ('POST', '/crm/…').
  const pattern = /(?:['"`](GET|POST|PATCH|PUT|DELETE)['"`],\s*)?['"`](?:(GET|POST|PATCH|PUT|DELETE) )?(\/crm\/v\d+\/[^'"`\s?]*)['"`]/g;
  for (const file of walkFiles(dir).filter((f) => f.endsWith('.ts') && !f.includes('__tests__') && !f.endsWith('.test.ts'))) {
    const source = fs.readFileSync(path.join(dir, file), 'utf8');
    for (const match of source.matchAll(pattern)) {
      const endpointPath = (match[3] ?? '').replace(/\$\{[^}]+\}|\{[^}]+\}|:[A-Za-z]+/g, '*');
      found.push({ method: match[1] ?? match[2] ?? 'GET', path: endpointPath, file });
    }
  }
  return found;
}

/** `*` in a path from the source matches any one segment of a concrete call. */
export function matchesCall(pattern: string, concrete: string): boolean {
  const a = pattern.split('/');
  const b = concrete.split('/');
  return a.length === b.length && a.every((segment, index) => segment === '*' || b[index] === '*' || segment === b[index]);
}

/**
 * The map of the house (docs/ARCHITECTURE.md, "Map") as a test: which folder may import which, and no import cycle.
 * Every TypeScript file outside tests is read with TypeScript's own pre-processor (imports, re-exports, `import()`
 * and `require()` alike, type-only imports included) and its relative and @keyline/* specifiers are resolved to files.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const REPO = resolve(__dirname, '../..');
const SOURCE_ROOTS = ['contract', 'extensions', 'app', 'server', 'sandbox', 'preview', 'bench'];
const isTest = (file: string): boolean => /(\.test\.tsx?$|\/__tests__\/|\/test-support\/)/.test(file);

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist') return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

function resolveFile(base: string): string | null {
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

const PACKAGES: Readonly<Record<string, string>> = { '@keyline/contract': 'contract', '@keyline/extensions': 'extensions' };

/** The repository-relative path of the file `spec` names from `file` (null for npm packages and Node built-ins). */
function resolveSpec(file: string, spec: string): string | null {
  let base: string | null = null;
  if (spec.startsWith('.')) base = resolve(dirname(file), spec);
  for (const [name, folder] of Object.entries(PACKAGES)) {
    if (spec === name || spec.startsWith(`${name}/`)) base = join(REPO, folder, spec.slice(name.length));
  }
  const target = base === null ? null : resolveFile(base);
  return target === null ? null : relative(REPO, target);
}

/** Repository-relative paths of the files `file` imports (npm packages and Node built-ins are left out). */
function importsOf(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return importedFiles.flatMap(({ fileName: spec }) => resolveSpec(file, spec) ?? []);
}

/** The files `file` loads as soon as it loads: its import and export declarations (not `import()` in a function). */
function staticImportsOf(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  return source.statements.flatMap((s) =>
    (ts.isImportDeclaration(s) || ts.isExportDeclaration(s)) && s.moduleSpecifier && ts.isStringLiteral(s.moduleSpecifier)
      ? (resolveSpec(file, s.moduleSpecifier.text) ?? [])
      : [],
  );
}

const files = SOURCE_ROOTS.flatMap((root) => sourceFiles(join(REPO, root))).map((f) => relative(REPO, f));
const graph = new Map(files.filter((f) => !isTest(f)).map((f) => [f, importsOf(join(REPO, f))]));

/**
 * Each rule: files under `from` may not import files under any of `mayNot` (folder prefixes or files), except the
 * files listed in `except` (each a composition root, named with its reason in `why`).
 */
const RULES: readonly { from: string; mayNot: readonly string[]; except?: readonly string[]; why: string }[] = [
  { from: 'server/src/lib/', mayNot: ['server/src/domain/', 'server/src/hubspot/', 'server/src/store/', 'server/src/sync/', 'server/src/http/', 'server/src/cli/', 'server/src/demo/', 'server/src/use-cases/'], why: 'lib/ holds plain helpers that know nothing of Keyline' },
  { from: 'contract/', mayNot: ['server/', 'extensions/', 'app/', 'sandbox/', 'preview/'], why: 'the contract depends on zod only' },
  { from: 'server/', mayNot: ['extensions/', 'app/', 'test/'], why: 'the backend shares only the contract with the UI' },
  { from: 'server/src/domain/', mayNot: ['server/src/hubspot/', 'server/src/store/', 'server/src/sync/', 'server/src/use-cases/', 'server/src/http/', 'server/src/cli/', 'server/src/demo/', 'sandbox/', 'preview/'], why: 'the domain is pure' },
  { from: 'server/src/hubspot/', mayNot: ['server/src/store/', 'server/src/sync/', 'server/src/use-cases/', 'server/src/http/', 'server/src/cli/', 'server/src/demo/', 'sandbox/'], why: 'the HubSpot adapter knows HubSpot and the domain only' },
  { from: 'server/src/store/', mayNot: ['server/src/hubspot/', 'server/src/sync/', 'server/src/use-cases/', 'server/src/http/', 'server/src/cli/', 'server/src/demo/', 'sandbox/'], why: 'the store knows SQL and the domain only' },
  { from: 'server/src/sync/', mayNot: ['server/src/use-cases/', 'server/src/http/', 'server/src/cli/', 'server/src/demo/', 'sandbox/', 'preview/'], why: 'the sync run is one of the use cases and knows none of their adapters' },
  { from: 'server/src/use-cases/', mayNot: ['server/src/http/', 'server/src/cli/', 'server/src/demo/', 'sandbox/', 'preview/'], why: 'use cases do not know their adapters' },
  { from: 'server/src/http/', mayNot: ['server/src/cli/', 'server/src/demo/', 'sandbox/', 'preview/'], why: 'the HTTP adapter is one of two adapters over the use cases' },
  { from: 'server/src/cli/', mayNot: ['server/src/http/'], except: ['server/src/cli/commands/serve.ts'], why: 'the CLI is the other adapter over the use cases; `keyline serve` starts the HTTP one' },
  { from: 'server/src/http/', mayNot: ['server/src/hubspot/', 'server/src/sync/', 'server/src/store/'], except: ['server/src/http/error-handler.ts', 'server/src/http/seen-signatures.ts'], why: 'routes reach HubSpot, the sync and the store through the use cases (the error handler maps the store being down to 503; the replay memory is kept in the store)' },
  { from: 'server/src/cli/', mayNot: ['server/src/hubspot/', 'server/src/sync/', 'server/src/store/'], why: 'commands reach HubSpot, the sync and the store through the use cases' },
  { from: 'sandbox/', mayNot: ['server/', 'extensions/', 'app/', 'preview/'], why: 'the sandbox emulates HubSpot and knows nothing of Keyline but the contract' },
  { from: 'extensions/', mayNot: ['server/', 'sandbox/', 'preview/', 'app/'], why: 'HubSpot builds the UI from its own package' },
];

describe('the map of the house', () => {
  it('finds the source files it checks', () => {
    expect(graph.size).toBeGreaterThan(150);
    expect(graph.get('server/src/http/app.ts')).toEqual(expect.arrayContaining([expect.stringMatching(/^server\/src\//)]));
  });

  it.each(RULES.map((r) => [r.from, r.mayNot.join(', '), r] as const))('when a file under %s imports, then it does not reach %s', (_from, _mayNot, rule) => {
    const wrong = [...graph].flatMap(([file, deps]) =>
      file.startsWith(rule.from) && !(rule.except ?? []).includes(file) ? deps.filter((d) => rule.mayNot.some((p) => d.startsWith(p))).map((d) => `${file} → ${d} (${rule.why})`) : [],
    );
    expect(wrong).toEqual([]);
  });

  it('when a route handler or a CLI command runs an operation, then it calls the use cases (server/src/use-cases/)', () => {
    // Routes see Keyline only through the API's port (http/services.ts), whose one implementation binds each method
    // to a use case; CLI commands that run an operation import the use cases themselves.
    const outsideHttp = (file: string) => (graph.get(file) ?? []).filter((d) => d.startsWith('server/src/') && !d.startsWith('server/src/http/') && !d.startsWith('server/src/domain/'));
    const routes = [...graph.keys()].filter((f) => f.startsWith('server/src/http/routes/'));
    expect(routes.length).toBeGreaterThan(3);
    expect(routes.flatMap((f) => outsideHttp(f).map((d) => `${f} → ${d}`))).toEqual([]);
    expect(graph.get('server/src/http/services-from-keyline.ts')).toContain('server/src/use-cases/index.ts');
    const operations = ['setup', 'sync', 'explain', 'report'].map((c) => `server/src/cli/commands/${c}.ts`);
    expect(operations.filter((f) => !(graph.get(f) ?? []).includes('server/src/use-cases/index.ts'))).toEqual([]);
  });

  it('when the keyline command loads, then the sandbox, the demo, the preview and the HTTP layer stay unloaded until their command runs', () => {
    // Static imports only (a dynamic `import()` inside a command's action loads when that command runs).
    const reached = new Set<string>();
    const visit = (file: string): void => {
      if (reached.has(file)) return;
      reached.add(file);
      for (const dep of staticImportsOf(join(REPO, file))) visit(dep);
    };
    visit('server/src/cli/main.ts');
    expect([...reached].filter((f) => /^(sandbox|preview)\/|^server\/src\/(demo|http)\//.test(f))).toEqual([]);
  });

  it('when the imports are followed, then no file reaches itself again (no import cycle)', () => {
    // Tarjan's strongly connected components; any component of more than one file is a cycle.
    let index = 0;
    const stack: string[] = [];
    const onStack = new Set<string>();
    const indices = new Map<string, number>();
    const low = new Map<string, number>();
    const cycles: string[][] = [];
    const visit = (v: string): void => {
      indices.set(v, index);
      low.set(v, index);
      index += 1;
      stack.push(v);
      onStack.add(v);
      for (const w of graph.get(v) ?? []) {
        if (!graph.has(w)) continue;
        if (!indices.has(w)) {
          visit(w);
          low.set(v, Math.min(low.get(v)!, low.get(w)!));
        } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indices.get(w)!));
      }
      if (low.get(v) === indices.get(v)) {
        const component: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.push(w);
        } while (w !== v);
        if (component.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(component.sort());
      }
    };
    for (const v of graph.keys()) if (!indices.has(v)) visit(v);
    expect(cycles).toEqual([]);
  });
});

/**
 * The HubSpot project, checked offline with HubSpot's own parser plus the checks it cannot do (see check-project.ts).
 * The second half builds a deliberately broken project to show that each check catches what it is for.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KEYLINE_BASE_URL } from '@keyline/contract/keyline-base-url';
import {
  appConfig,
  checkCards,
  checkComponentCounts,
  checkEntrypoints,
  checkHsMetaFiles,
  checkNothingSkippedOrDropped,
  checkPages,
  checkPermittedUrls,
  checkScopes,
  fileDependencies,
  hubspotCallsInSource,
  loadProject,
  matchesCall,
  packableFiles,
  readIgnore,
  type LoadedProject,
  type ScopeRule,
} from './check-project';

const REPO = path.resolve(__dirname, '../..');

// ---------------------------------------------------------------------------------------------------------------
// Which scope each HubSpot endpoint needs (HubSpot's API reference, "Scope requirements" of each endpoint).
// Engagements (calls, emails, meetings, notes, tasks) are governed by the contacts scopes; email content also needs
// sales-email-read (without it HubSpot redacts email details). Properties need the schema scopes.
// ---------------------------------------------------------------------------------------------------------------
const OBJECT_SCOPES: Record<string, { read: string[]; write: string[] }> = {
  companies: { read: ['crm.objects.companies.read'], write: ['crm.objects.companies.write'] },
  contacts: { read: ['crm.objects.contacts.read'], write: ['crm.objects.contacts.write'] },
  deals: { read: ['crm.objects.deals.read'], write: ['crm.objects.deals.write'] },
  calls: { read: ['crm.objects.contacts.read'], write: ['crm.objects.contacts.write'] },
  emails: { read: ['crm.objects.contacts.read', 'sales-email-read'], write: ['crm.objects.contacts.write'] },
  meetings: { read: ['crm.objects.contacts.read'], write: ['crm.objects.contacts.write'] },
  notes: { read: ['crm.objects.contacts.read'], write: ['crm.objects.contacts.write'] },
  tasks: { read: ['crm.objects.contacts.read'], write: ['crm.objects.contacts.write'] },
};
const OBJECT_TYPES = Object.keys(OBJECT_SCOPES);
const scopesOf = (type: string) => OBJECT_SCOPES[type] ?? { read: [], write: [] };

const SCOPE_RULES: ScopeRule[] = [
  ...OBJECT_TYPES.map((type) => ({ prefix: `/crm/v3/objects/${type}`, ...scopesOf(type) })),
  // Associations need read access to both ends.
  ...OBJECT_TYPES.flatMap((from) =>
    OBJECT_TYPES.map((to) => {
      const read = [...new Set([...scopesOf(from).read, ...scopesOf(to).read])];
      return { prefix: `/crm/v4/associations/${from}/${to}`, read, write: read };
    }),
  ),
  { prefix: '/crm/v3/pipelines/deals', read: ['crm.objects.deals.read'], write: ['crm.objects.deals.write'] },
  { prefix: '/crm/v3/owners', read: ['crm.objects.owners.read'], write: ['crm.objects.owners.read'] },
  { prefix: '/crm/v3/properties/companies', read: ['crm.schemas.companies.read'], write: ['crm.schemas.companies.write'] },
  // Activities (tasks among them) are under the contacts scopes, their properties under the contacts schema scopes.
  { prefix: '/crm/v3/properties/tasks', read: ['crm.schemas.contacts.read'], write: ['crm.schemas.contacts.write'] },
  { prefix: '/crm/v3/lists', read: ['crm.lists.read'], write: ['crm.lists.write'] },
  // Outcomes (issue #15): products need e-commerce; line items and survey answers their own read scopes.
  { prefix: '/crm/v3/objects/products', read: ['e-commerce'], write: ['e-commerce'] },
  { prefix: '/crm/v3/objects/line_items', read: ['crm.objects.line_items.read'], write: ['crm.objects.line_items.write'] },
  { prefix: '/crm/v3/objects/feedback_submissions', read: ['crm.objects.feedback_submissions.read'], write: ['crm.objects.feedback_submissions.read'] },
  { prefix: '/crm/v4/associations/deals/line_items', read: ['crm.objects.deals.read', 'crm.objects.line_items.read'], write: [] },
  {
    prefix: '/crm/v4/associations/contacts/feedback_submissions',
    read: ['crm.objects.contacts.read', 'crm.objects.feedback_submissions.read'],
    write: [],
  },
];

/**
 * Every HubSpot call the backend makes (spec §2–§4: sync reads, write-back, tasks, `keyline setup`). Saved lists for
 * executives are optional (`keyline setup --lists`), so their scopes are optional too.
 */
const HUBSPOT_CALLS: { method: string; path: string; optional?: boolean }[] = [
  { method: 'GET', path: '/crm/v3/objects/companies' },
  { method: 'GET', path: '/crm/v3/objects/companies/*' },
  ...OBJECT_TYPES.map((type) => ({ method: 'POST', path: `/crm/v3/objects/${type}/batch/read` })),
  ...OBJECT_TYPES.map((type) => ({ method: 'POST', path: `/crm/v3/objects/${type}/search` })),
  { method: 'POST', path: '/crm/v3/objects/companies/batch/update' },
  { method: 'POST', path: '/crm/v3/objects/tasks/batch/create' },
  { method: 'POST', path: '/crm/v3/objects/tasks/batch/update' },
  ...OBJECT_TYPES.filter((type) => type !== 'companies').map((to) => ({
    method: 'POST',
    path: `/crm/v4/associations/companies/${to}/batch/read`,
  })),
  ...['calls', 'emails', 'meetings', 'notes', 'tasks'].map((from) => ({
    method: 'POST',
    path: `/crm/v4/associations/${from}/contacts/batch/read`,
  })),
  // Incremental sync: records changed since the watermark are mapped to their companies.
  ...OBJECT_TYPES.filter((type) => type !== 'companies').map((from) => ({
    method: 'POST',
    path: `/crm/v4/associations/${from}/companies/batch/read`,
  })),
  { method: 'GET', path: '/crm/v3/pipelines/deals' },
  { method: 'GET', path: '/crm/v3/owners' },
  { method: 'GET', path: '/crm/v3/properties/companies' },
  { method: 'GET', path: '/crm/v3/properties/companies/groups' },
  { method: 'POST', path: '/crm/v3/properties/companies/groups' },
  { method: 'PATCH', path: '/crm/v3/properties/companies/groups/*' },
  { method: 'POST', path: '/crm/v3/properties/companies/batch/create' },
  { method: 'PATCH', path: '/crm/v3/properties/companies/*' },
  // keyline setup: Keyline's task property (keyline_task_key).
  { method: 'GET', path: '/crm/v3/properties/tasks' },
  { method: 'GET', path: '/crm/v3/properties/tasks/groups' },
  { method: 'POST', path: '/crm/v3/properties/tasks/groups' },
  { method: 'POST', path: '/crm/v3/properties/tasks' },
  // Outcomes (issue #15) are optional: without these scopes HubSpot answers 403 and the reader marks them not read.
  { method: 'GET', path: '/crm/v3/objects/products', optional: true },
  { method: 'POST', path: '/crm/v4/associations/deals/line_items/batch/read', optional: true },
  { method: 'POST', path: '/crm/v3/objects/line_items/batch/read', optional: true },
  { method: 'POST', path: '/crm/v4/associations/contacts/feedback_submissions/batch/read', optional: true },
  { method: 'POST', path: '/crm/v3/objects/feedback_submissions/batch/read', optional: true },
  { method: 'POST', path: '/crm/v3/objects/line_items/search', optional: true },
  { method: 'POST', path: '/crm/v3/objects/feedback_submissions/search', optional: true },
  { method: 'GET', path: '/crm/v3/lists/object-type-id/0-2/name/*', optional: true },
  { method: 'POST', path: '/crm/v3/lists', optional: true },
];

let project: LoadedProject;

beforeAll(async () => {
  project = await loadProject(REPO);
});

describe('the HubSpot project, as HubSpot parses it', () => {
  test('when hsproject.json is read, then it is a known, current platform version with the repository root as srcDir', () => {
    expect(project.platformVersion).toBe('2026.09');
    expect(project.knownPlatformVersion).toBe(true);
    expect(project.legacyProject).toBe(false);
    expect(project.srcDir).toBe(REPO);
  });

  test('when the project is translated, then one app, two cards, one settings page and one app page come out, and no config file was skipped or dropped', () => {
    expect(project.hsMetaFilesOnDisk.sort()).toEqual([
      'app/app-hsmeta.json',
      'app/cards/keyline-sidebar-hsmeta.json',
      'app/cards/keyline-tab-hsmeta.json',
      'app/pages/pages-hsmeta.json',
      'app/settings/settings-hsmeta.json',
    ]);
    expect(project.nodes.map((node) => `${node.componentType} ${node.uid}`).sort()).toEqual([
      'APPLICATION keyline_app',
      'CARD keyline_company_sidebar',
      'CARD keyline_company_tab',
      'PAGE keyline_portfolio_pages',
      'SETTINGS keyline_settings',
    ]);
    expect(checkNothingSkippedOrDropped(project)).toEqual([]);
    expect(checkComponentCounts(project)).toEqual([]);
  });

  test('when the hsmeta files are read, then they have only uid, type and config, and their uids are valid and unique', () => {
    expect(checkHsMetaFiles(project)).toEqual([]);
  });

  test('when the cards are read, then the tab and the sidebar card sit on companies at valid locations', () => {
    expect(checkCards(project)).toEqual([]);
    const cards = Object.fromEntries(
      project.nodes.filter((node) => node.componentType === 'CARD').map((node) => [node.config['location'], node.config['objectTypes']]),
    );
    expect(cards).toEqual({ 'crm.record.tab': ['companies'], 'crm.record.sidebar': ['companies'] });
  });

  test('when the app page is read, then it is HubSpot\'s app pages component, configured by its entrypoint in app/pages', () => {
    const pages = project.nodes.filter((node) => node.componentType === 'PAGE');
    expect(pages.map((node) => [node.metaFilePath, node.config])).toEqual([
      ['app/pages/pages-hsmeta.json', { entrypoint: '/app/pages/KeylinePages.tsx' }],
    ]);
    expect(checkPages(project)).toEqual([]);
    expect(project.counts['page']).toEqual({ count: 1, maxCount: 1 });
  });

  test('when the entrypoints are followed, then they exist, register for their location, and import only uploaded files and listed packages', () => {
    expect(checkEntrypoints(project)).toEqual([]);
  });
});

describe('the app component', () => {
  test('when installed, then it is a private app with a static token (OAuth is documented as the switch)', () => {
    const app = appConfig(project);
    expect(app.distribution).toBe('private');
    expect(app.auth.type).toBe('static');
    expect(app.auth.requiredScopes).toContain('oauth');
  });

  test('when the cards fetch, then the only permitted URL is the HTTPS backend the UI calls, and local dev proxies it to keyline serve', () => {
    expect(checkPermittedUrls(project)).toEqual([]);
    expect(appConfig(project).permittedUrls.fetch).toEqual([KEYLINE_BASE_URL]);
    const local = JSON.parse(fs.readFileSync(path.join(REPO, 'app/local.json'), 'utf8')) as { proxy: Record<string, string> };
    expect(local.proxy).toEqual({ [KEYLINE_BASE_URL]: 'http://localhost:3000' });
  });

  test('when the backend calls HubSpot, then the scopes cover every endpoint it calls', () => {
    expect(checkScopes(project, SCOPE_RULES, HUBSPOT_CALLS)).toEqual([]);
  });

  test('when the backend source names a HubSpot endpoint, then that endpoint is in the table of calls whose scopes are checked', () => {
    const inSource = hubspotCallsInSource(path.join(REPO, 'server/src'));
    const unlisted = inSource.filter(
      (call) => !HUBSPOT_CALLS.some((known) => known.method === call.method && matchesCall(call.path, known.path)),
    );
    expect(unlisted.map((call) => `${call.method} ${call.path} (${call.file})`)).toEqual([]);
  });

  test('when the app asks for scopes, then it asks for none the backend does not use', () => {
    const used = new Set(HUBSPOT_CALLS.flatMap((call) => SCOPE_RULES.filter((rule) => call.path.startsWith(rule.prefix)).flatMap((rule) => [...rule.read, ...rule.write])));
    const { auth } = appConfig(project);
    const unused = [...auth.requiredScopes, ...auth.optionalScopes].filter((scope) => scope !== 'oauth' && !used.has(scope));
    expect(unused).toEqual([]);
  });
});

describe('the upload', () => {
  test('when HubSpot\'s CLI collects local packages, then the UI package and the contract are uploaded, without their tests', () => {
    for (const [name, folder] of [['@keyline/extensions', 'extensions'], ['@keyline/contract', 'contract']] as const) {
      const local = fileDependencies(REPO).filter((dep) => dep.packageName === name);
      expect([...new Set(local.map((dep) => dep.localPath))]).toEqual([path.join(REPO, folder)]);
      for (const component of ['app/cards/package.json', 'app/settings/package.json', 'app/pages/package.json']) {
        const { dependencies } = JSON.parse(fs.readFileSync(path.join(REPO, component), 'utf8')) as { dependencies: Record<string, string> };
        expect([component, dependencies[name]]).toEqual([component, `file:../../${folder}`]);
      }
    }
    const shipped = packableFiles(path.join(REPO, 'extensions'));
    expect(shipped).toEqual(expect.arrayContaining(['api/keyline-client.ts', 'cards/keyline-account-tab.tsx', 'settings/keyline-settings-page.tsx', 'pages/keyline-portfolio-pages.tsx']));
    expect(shipped.filter((file) => file.includes('__tests__') || file.startsWith('test-support/'))).toEqual([]);
    expect(packableFiles(path.join(REPO, 'contract'))).toEqual(
      expect.arrayContaining(['account-view.ts', 'portfolio-view.ts', 'settings-contract.ts', 'keyline-base-url.ts', 'vocabulary.ts']),
    );
  });

  test('when .hsignore is applied, then the backend, tests and tooling stay home and the app and its UI go up', () => {
    const ignored = readIgnore(REPO);
    for (const file of ['server/src/config.ts', 'sandbox/index.ts', 'preview/host/hubspot-look.tsx', 'test/project/project.test.ts', 'node_modules/react/index.js',
      'package.json', 'extensions/cards/__tests__/follow-up-options.test.ts', 'extensions/test-support/fetch-mocks.ts', '.keyline/keyline.sqlite']) {
      expect([file, ignored(file)]).toEqual([file, true]);
    }
    for (const file of ['hsproject.json', 'app/app-hsmeta.json', 'app/cards/KeylineTab.tsx', 'app/cards/package.json',
      'app/local.json', 'extensions/cards/keyline-account-tab.tsx', 'extensions/api/keyline-client.ts', 'contract/account-view.ts']) {
      expect([file, ignored(file)]).toEqual([file, false]);
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------
// A broken project: each check must catch its fault.
// ---------------------------------------------------------------------------------------------------------------

describe('the project check, on a broken project', () => {
  let dir: string;
  let broken: LoadedProject;

  const write = (file: string, content: unknown) => {
    const full = path.join(dir, file);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyline-broken-project-'));
    write('hsproject.json', { name: 'broken', srcDir: 'src', platformVersion: '2026.09' });
    write('.hsignore', 'src/server/\n');
    write('src/app/app-hsmeta.json', {
      uid: 'broken_app',
      type: 'app',
      config: {
        name: 'Broken',
        distribution: 'private',
        auth: { type: 'static', requiredScopes: ['oauth', 'crm.objects.companies.read'], optionalScopes: [], conditionallyRequiredScopes: [] },
        permittedUrls: { fetch: ['http://insecure.example.com', 'https://localhost'], iframe: [], img: [] },
      },
    });
    write('src/app/cards/a-hsmeta.json', {
      uid: 'same_uid',
      type: 'card',
      config: { name: 'A', location: 'crm.record.middle', entrypoint: '/app/cards/A.tsx', objectTypes: ['companiez'] },
    });
    write('src/app/cards/b-hsmeta.json', {
      uid: 'card_b',
      type: 'card',
      extra: true,
      config: { name: 'B', location: 'crm.record.tab', entrypoint: '/app/cards/Missing.tsx', objectTypes: ['companies'] },
    });
    write('src/app/cards/c-hsmeta.json', '{ "uid": "c", "type": "card", ');
    write('src/app/cards/d-hsmeta.json', {
      uid: 'has spaces!',
      type: 'card',
      config: { name: 'D', location: 'crm.record.sidebar', entrypoint: '/app/cards/D.tsx', objectTypes: ['companies'] },
    });
    write('src/app/extensions/e-hsmeta.json', { uid: 'misplaced', type: 'card', config: {} });
    write('src/app/cards/package.json', {
      dependencies: { '@hubspot/ui-extensions': '0.17.0', react: '18.3.1', '@broken/ui': 'file:../../../ui-package' },
    });
    write('ui-package/package.json', { name: '@broken/ui', version: '1.0.0', files: ['shipped/'] });
    write('ui-package/shipped/panel.tsx', "import { Hidden } from '../unshipped/hidden';\nexport const Panel = Hidden;\n");
    write('ui-package/unshipped/hidden.tsx', 'export const Hidden = () => null;\n');
    write(
      'src/app/cards/A.tsx',
      "import { hubspot } from '@hubspot/ui-extensions';\nimport { Ui } from '../../ui/a-ui';\nhubspot.extend<'crm.record.middle'>(() => <Ui />);\n",
    );
    write(
      'src/app/cards/D.tsx',
      "import { hubspot } from '@hubspot/ui-extensions';\nimport { Panel } from '@broken/ui/shipped/panel';\nhubspot.extend<'crm.record.tab'>(() => <Panel />);\n",
    );
    write(
      'src/ui/a-ui.tsx',
      "import { z } from 'zod';\nimport { secret } from '../server/secret';\nimport { gone } from './gone';\nimport fs from 'node:fs';\nexport const Ui = () => null;\n",
    );
    write('src/server/secret.ts', 'export const secret = 1;\n');
    write('src/app/pages/p-hsmeta.json', { uid: 'broken_pages', type: 'page', config: { entrypoint: '/app/pages/P.tsx', location: 'home' } });
    write('src/app/pages/package.json', { dependencies: { '@hubspot/ui-extensions': '0.17.0', react: '18.3.1' } });
    write('src/app/pages/P.tsx', "import { hubspot } from '@hubspot/ui-extensions';\nhubspot.extend<'home'>(() => null);\n");
    broken = await loadProject(dir);
  });

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('when an hsmeta is malformed or misplaced, then it is reported as dropped or skipped', () => {
    expect(checkNothingSkippedOrDropped(broken)).toEqual([
      'app/extensions/e-hsmeta.json: skipped by HubSpot\'s parser (not in a component folder)',
      'app/cards/c-hsmeta.json: dropped by HubSpot\'s parser (is it valid JSON with uid, type and config?)',
    ]);
  });

  test('when a uid is invalid, a file has extra keys or is not JSON, then each is reported', () => {
    expect(checkHsMetaFiles(broken)).toEqual(
      expect.arrayContaining([
        'app/cards/b-hsmeta.json: unexpected top-level keys extra',
        expect.stringMatching(/^app\/cards\/d-hsmeta\.json: .+/),
        'app/cards/c-hsmeta.json: not valid JSON',
      ]),
    );
  });

  test('when two hsmeta files share a uid, then HubSpot\'s parser refuses the project and our check names both files', async () => {
    write('src/app/cards/twin-hsmeta.json', { uid: 'card_b', type: 'card', config: {} });
    try {
      await expect(loadProject(dir)).rejects.toThrow(/Duplicate uid 'card_b'/);
      expect(checkHsMetaFiles({ srcDir: path.join(dir, 'src'), hsMetaFilesOnDisk: ['app/cards/b-hsmeta.json', 'app/cards/twin-hsmeta.json'] })).toEqual([
        'app/cards/b-hsmeta.json: unexpected top-level keys extra',
        'app/cards/twin-hsmeta.json: uid "card_b" is also used by app/cards/b-hsmeta.json',
      ]);
    } finally {
      fs.rmSync(path.join(dir, 'src/app/cards/twin-hsmeta.json'));
    }
  });

  test('when a card names an unknown location or object type, then both are reported', () => {
    expect(checkCards(broken)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('location "crm.record.middle" is not one of'),
        expect.stringContaining('unknown object type "companiez"'),
      ]),
    );
  });

  test('when entrypoints are missing, register elsewhere, or import ignored files, missing files, Node modules or unlisted packages, then each is reported', () => {
    const problems = checkEntrypoints(broken);
    expect(problems).toEqual(
      expect.arrayContaining([
        'card_b: entrypoint /app/cards/Missing.tsx does not exist',
        'has spaces!: /app/cards/D.tsx registers for crm.record.tab, the hsmeta says crm.record.sidebar',
        'same_uid: imports server/secret.ts, which .hsignore keeps out of the upload',
        'same_uid: ui/a-ui.tsx imports ./gone, which does not exist',
        "same_uid: ui/a-ui.tsx imports Node's node:fs, which does not exist in HubSpot's card sandbox",
        'same_uid: imports zod, which app/cards/package.json does not list',
        `has spaces!: imports unshipped/hidden.tsx of ${fs.realpathSync(path.join(dir, 'ui-package'))}, which its package does not ship`,
      ]),
    );
  });

  test('when an app page carries more than its entrypoint, or registers for another extension point, then both are reported', () => {
    expect(checkPages(broken)).toEqual(['broken_pages: unexpected config keys location (an app page takes only entrypoint)']);
    expect(checkEntrypoints(broken)).toEqual(expect.arrayContaining(['broken_pages: /app/pages/P.tsx registers for home, the hsmeta says pages']));
  });

  test('when a permitted URL is plain HTTP or local, then it is reported', () => {
    expect(checkPermittedUrls(broken)).toEqual([
      'permittedUrls.fetch: http://insecure.example.com is not HTTPS',
      'permittedUrls.fetch: https://localhost is local',
    ]);
  });

  test('when a scope is missing or an endpoint has no rule, then the call is reported with what it needs', () => {
    expect(
      checkScopes(broken, SCOPE_RULES, [
        { method: 'POST', path: '/crm/v3/objects/companies/batch/read' },
        { method: 'POST', path: '/crm/v3/objects/companies/batch/update' },
        { method: 'POST', path: '/crm/v3/objects/emails/batch/read' },
        { method: 'GET', path: '/crm/v3/imports' },
      ]),
    ).toEqual([
      'POST /crm/v3/objects/companies/batch/update: needs crm.objects.companies.write',
      'POST /crm/v3/objects/emails/batch/read: needs crm.objects.contacts.read, sales-email-read',
      'GET /crm/v3/imports: no scope rule for this endpoint',
    ]);
  });
});

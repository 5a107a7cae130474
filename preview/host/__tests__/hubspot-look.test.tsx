/**
 * The preview's HubSpot look-alikes: every component Keyline's UI uses has one, each renders its props as a person
 * would expect to see them, and a real Keyline card renders through the remote root into this HTML.
 */
import fs from 'node:fs';
import path from 'node:path';
import { renderToStaticMarkup } from 'react-dom/server';
import { KeylineAccountSidebar } from '../../../extensions/cards/keyline-account-sidebar';
import { anAccountView } from '../../../extensions/test-support/account-view-fixtures';
import { respond, settle, spyOnFetch } from '../../../extensions/test-support/fetch-mocks';
import { BarChart, LineChart, yTicks } from '../charts';
import { HUBSPOT_LOOK, optionValueAt } from '../hubspot-look';
import { mountExtension, RenderedExtension, type ExtensionApi } from '../render-extension';

const REPO = path.resolve(__dirname, '../../..');
const html = (element: React.ReactElement) => renderToStaticMarkup(element);

/** Names imported from @hubspot/ui-extensions(/pages) by the UI HubSpot builds (tests and test support excluded). */
function componentsKeylineUses(): string[] {
  const files = ['extensions', 'app'].flatMap((dir) =>
    (fs.readdirSync(path.join(REPO, dir), { recursive: true }) as string[])
      .filter((file) => /\.tsx?$/.test(file) && !file.includes('__tests__') && !file.includes('test-support') && !file.includes('node_modules'))
      .map((file) => path.join(REPO, dir, file)),
  );
  const names = new Set<string>();
  for (const file of files) {
    const source = fs.readFileSync(file, 'utf8');
    for (const match of source.matchAll(/import\s*\{([^}]*)\}\s*from\s*'@hubspot\/ui-extensions(?:\/pages)?'/g)) {
      for (const part of (match[1] ?? '').split(',')) {
        const name = part.trim();
        if (/^[A-Z]/.test(name)) names.add(name);
      }
    }
    // Compound parts used as <PageBreadcrumbs.PageLink>: HubSpot registers them as PageBreadcrumbsPageLink.
    for (const match of source.matchAll(/<(Page[A-Za-z]+)\.([A-Z][A-Za-z]+)/g)) names.add(`${match[1]}${match[2]}`);
  }
  // PageRoutes is a route descriptor, not a rendered component; createPageRouter renders EmptyState and Text itself.
  names.delete('PageRoutes');
  for (const name of [...names]) if (name.startsWith('PageRoutes')) names.delete(name);
  return [...names, 'EmptyState', 'Text'].sort();
}

describe('the HubSpot look-alikes of the local preview', () => {
  test('when Keyline\'s UI uses a HubSpot component, then the preview has a look-alike for it', () => {
    const used = componentsKeylineUses();
    expect(used.length).toBeGreaterThan(30);
    expect(used.filter((name) => !(name in HUBSPOT_LOOK))).toEqual([]);
  });

  test('when tags, status tags and alerts render, then their variant and text show, and testId becomes data-testid', () => {
    const { Tag, StatusTag, Alert } = HUBSPOT_LOOK;
    expect(html(<Tag variant="success" testId="tier-badge">Tier 1 · Strategic</Tag>)).toBe(
      '<span class="hs-tag hs-tag-success" data-testid="tier-badge">Tier 1 · Strategic</span>',
    );
    expect(html(<StatusTag variant="danger">Overdue</StatusTag>)).toContain('hs-status-danger');
    const alert = html(<Alert title="Near-miss" variant="tip">What would close the gap</Alert>);
    expect(alert).toContain('role="alert"');
    expect(alert).toContain('<div class="hs-alert-title">Near-miss</div>');
    expect(alert).toContain('What would close the gap');
  });

  test('when a select renders, then it shows its options with the chosen one selected, and hands back the option\'s own value', () => {
    const options: { label: string; value: string | number }[] = [{ label: 'All tiers', value: 'all' }, { label: 'Tier 1', value: 'tier_1' }, { label: 'Five', value: 5 }];
    const markup = html(<HUBSPOT_LOOK.Select label="Tier" name="tier" value="tier_1" options={options} testId="tier-filter" />);
    expect(markup).toContain('<label class="hs-label"');
    expect(markup).toContain('>Tier</label>');
    expect(markup).toMatch(/<option value="1" selected="">Tier 1<\/option>/);
    expect(optionValueAt(options, '2')).toBe(5);
    expect(optionValueAt(options, '9')).toBeUndefined();
  });

  test('when a field has a validation message, then it shows under the field, marked as an error', () => {
    const markup = html(<HUBSPOT_LOOK.NumberInput label="Maximum" name="max" value={3} error validationMessage="Must be at least the minimum." />);
    expect(markup).toContain('hs-field-error');
    expect(markup).toContain('Must be at least the minimum.');
    expect(markup).toContain('type="number"');
  });

  test('when buttons are loading or disabled, then they cannot be pressed, and a loading button says it is busy', () => {
    expect(html(<HUBSPOT_LOOK.LoadingButton loading variant="primary">Recompute now</HUBSPOT_LOOK.LoadingButton>)).toMatch(/disabled="" aria-busy="true"/);
    expect(html(<HUBSPOT_LOOK.Button disabled>Save</HUBSPOT_LOOK.Button>)).toContain('disabled=""');
    expect(html(<HUBSPOT_LOOK.Button variant="primary">Save</HUBSPOT_LOOK.Button>)).toContain('hs-button-primary');
  });

  test('when a link is external, then it opens in a new tab, and a progress bar fills to its share', () => {
    const link = html(<HUBSPOT_LOOK.Link href={{ url: 'https://app.hubspot.com/contacts/1/record/0-2/9', external: true }}>Acme</HUBSPOT_LOOK.Link>);
    expect(link).toContain('href="https://app.hubspot.com/contacts/1/record/0-2/9"');
    expect(link).toContain('target="_blank"');
    const bar = html(<HUBSPOT_LOOK.ProgressBar title="Stakeholder coverage" value={55} maxValue={100} showPercentage variant="warning" />);
    expect(bar).toContain('width:55%');
    expect(bar).toContain('55%</span>');
    expect(bar).toContain('hs-progress-warning');
  });

  test('when a table renders, then its header, cells and alignment come out as an HTML table', () => {
    const { Table, TableHead, TableRow, TableHeader, TableBody, TableCell } = HUBSPOT_LOOK;
    const markup = html(
      <Table bordered density="condensed" testId="t">
        <TableHead>
          <TableRow>
            <TableHeader>Criterion</TableHeader>
            <TableHeader align="right">Points</TableHeader>
          </TableRow>
        </TableHead>
        <TableBody>
          <TableRow>
            <TableCell>Recurring revenue</TableCell>
            <TableCell align="right">87.8</TableCell>
          </TableRow>
        </TableBody>
      </Table>,
    );
    expect(markup).toContain('<table class="hs-table hs-table-bordered hs-table-condensed" data-testid="t">');
    expect(markup).toContain('<th class="hs-align-right">Points</th>');
    expect(markup).toContain('<td class="hs-align-right">87.8</td>');
  });

  test('when a bar chart renders, then each row is a bar as tall as its share of the axis, labelled with its value', () => {
    const markup = html(
      <BarChart
        data={[{ tier: 'Tier 1', accounts: 6 }, { tier: 'Tier 2', accounts: 39 }, { tier: 'Tier 3', accounts: 155 }]}
        axes={{ x: { field: 'tier', fieldType: 'category' }, y: { field: 'accounts', fieldType: 'linear', label: 'Accounts' } }}
        options={{ title: 'Accounts by tier', showDataLabels: true }}
        testId="tier-chart"
      />,
    );
    expect(markup).toContain('<figcaption class="hs-chart-title">Accounts by tier</figcaption>');
    const heights = [...markup.matchAll(/<g class="hs-chart-bar" data-label="([^"]+)" data-value="(\d+)"><rect [^>]*height="([\d.]+)"/g)].map((m) => [m[1], Number(m[2]), Number(m[3])]);
    expect(heights.map(([label, value]) => [label, value])).toEqual([['Tier 1', 6], ['Tier 2', 39], ['Tier 3', 155]]);
    const [, , h1] = heights[0] as [string, number, number];
    const [, , h3] = heights[2] as [string, number, number];
    expect(h3 / h1).toBeCloseTo(155 / 6, 1);
    expect(yTicks(155)).toEqual([0, 50, 100, 150, 200]);
  });

  test('when a bar chart has many long category labels, then the labels are turned so they do not overlap, and counts get whole ticks', () => {
    const owners = Array.from({ length: 8 }, (_, i) => ({ owner: `Owner 8000000${i}`, accounts: i % 3 }));
    const markup = html(<BarChart data={owners} axes={{ x: { field: 'owner', fieldType: 'category' }, y: { field: 'accounts', fieldType: 'linear' } }} />);
    expect(markup.match(/transform="rotate\(-35 /g)).toHaveLength(8);
    expect(yTicks(2, true)).toEqual([0, 1, 2]);
    expect(yTicks(2)).toEqual([0, 0.5, 1, 1.5, 2]);
  });

  test('when a line chart has dated points, then it draws one point per row in date order', () => {
    const markup = html(
      <LineChart
        data={[{ date: '2026-10-01T00:00:00Z', score: 40 }, { date: '2026-11-01T00:00:00Z', score: 55 }]}
        axes={{ x: { field: 'date', fieldType: 'datetime' }, y: { field: 'score', fieldType: 'linear' } }}
        options={{ title: 'Score over time' }}
      />,
    );
    expect([...markup.matchAll(/class="hs-chart-point" data-value="(\d+)"/g)].map((m) => Number(m[1]))).toEqual([40, 55]);
    expect(markup).toContain('2026-10-01');
  });
});

describe('a Keyline card through the preview', () => {
  afterEach(() => jest.restoreAllMocks());

  test('when the sidebar card is mounted like HubSpot mounts it, then its loaded account comes out as HubSpot-looking HTML', async () => {
    spyOnFetch().mockResolvedValue(respond(200, anAccountView()));
    const api = {
      context: { location: 'crm.record.sidebar', crm: { objectId: 4242, objectTypeId: '0-2' }, portal: { id: 123, timezone: 'UTC' } },
      actions: { addAlert: () => undefined, refreshObjectProperties: () => undefined },
    } as unknown as ExtensionApi;
    const mounted = mountExtension((given) => <KeylineAccountSidebar {...(given as unknown as React.ComponentProps<typeof KeylineAccountSidebar>)} />, api);
    try {
      expect(html(<RenderedExtension mounted={mounted} />)).toContain('role="status"'); // the spinner first
      await settle();
      const markup = html(<RenderedExtension mounted={mounted} />);
      expect(markup).toContain('<span class="hs-tag hs-tag-info" data-testid="tier-badge">Tier 2 · Growth</span>');
      expect(markup).toContain('data-testid="coverage"');
      expect(markup).not.toContain('pv-unmapped');
    } finally {
      mounted.unmount();
    }
  });
});

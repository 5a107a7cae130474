/**
 * The thin entry files in app/: each registers its UI with `hubspot.extend` for the right location, and what it
 * registers renders the Keyline UI from the @keyline/extensions package.
 */
import type { ReactElement } from 'react';
import { ErrorState, hubspot, LoadingSpinner } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { apiError, respond, spyOnFetch } from '../../extensions/test-support/fetch-mocks';

type Register = (api: { context: unknown; actions: unknown }) => ReactElement;

function loadEntry(modulePath: string): Register {
  const registered: Register[] = [];
  jest.spyOn(hubspot, 'extend').mockImplementation(((callback: Register) => {
    registered.push(callback);
  }) as typeof hubspot.extend);
  // Each entry is loaded once in this file, so the module registry is shared with the spies above.
  require(modulePath);
  expect(registered).toHaveLength(1);
  return registered[0] as Register;
}

afterEach(() => jest.restoreAllMocks());

describe('the entry files', () => {
  test.each([
    ['../../app/cards/KeylineTab', 'crm.record.tab'],
    ['../../app/cards/KeylineSidebar', 'crm.record.sidebar'],
  ] as const)('when HubSpot loads %s, then it renders the card, which asks the backend for this company', async (entry, location) => {
    const fetch = spyOnFetch().mockResolvedValue(apiError(503, 'unavailable', 'Down for maintenance.'));
    const register = loadEntry(entry);
    const { render, find, waitFor, mocks } = createRenderer(location);

    render(register({ context: mocks.context, actions: mocks.actions }));

    expect(find(LoadingSpinner)).toBeDefined();
    await waitFor(() => expect(find(ErrorState)).toBeDefined());
    expect(fetch).toHaveBeenCalledWith('https://keyline.example.com/api/v1/accounts/123', expect.objectContaining({ method: 'GET' }));
  });

  test('when HubSpot loads the app page entry, then it renders the portfolio, which asks the backend for the whole portfolio', async () => {
    const fetch = spyOnFetch().mockResolvedValue(apiError(503, 'unavailable', 'Down for maintenance.'));
    const register = loadEntry('../../app/pages/KeylinePages');
    const { render, find, waitFor, mocks } = createRenderer('pages');

    render(register({ context: mocks.context, actions: mocks.actions }));

    expect(find(LoadingSpinner)).toBeDefined();
    await waitFor(() => expect(find(ErrorState)).toBeDefined());
    expect(fetch).toHaveBeenCalledWith('https://keyline.example.com/api/v1/portfolio', expect.objectContaining({ method: 'GET' }));
  });

  test('when HubSpot loads the settings entry, then it renders the settings page, which loads the scoring model', async () => {
    const fetch = spyOnFetch().mockResolvedValue(respond(500, {}));
    const register = loadEntry('../../app/settings/KeylineSettings');
    const { render, find, waitFor, mocks } = createRenderer('settings');

    render(register({ context: mocks.context, actions: mocks.actions }));

    await waitFor(() => expect(find(ErrorState)).toBeDefined());
    expect(fetch).toHaveBeenCalledWith('https://keyline.example.com/api/v1/settings', expect.objectContaining({ method: 'GET' }));
  });
});

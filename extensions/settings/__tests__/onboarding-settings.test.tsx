import { Input, LoadingButton, NumberInput, Text, Tile } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { DEFAULT_SCORING_MODEL } from '../../../server/src/domain/scoring-model';
import type { ModelJson, SettingsResponse } from '@keyline/contract/settings-contract';
import { KeylineSettingsPage } from '../keyline-settings-page';
import { fire, respond, spyOnFetch, textOf, WAIT } from '../../test-support/fetch-mocks';

const defaults = JSON.parse(JSON.stringify(DEFAULT_SCORING_MODEL)) as ModelJson;
const loaded: SettingsResponse = { version: 'm-aaaaaaaaaaaa', model: defaults, defaults, history: [] };
const validPreview = { valid: true, issues: [], preview: { accountsEvaluated: 10, tierChanges: 0, byTransition: [] } };

async function renderPage() {
  const fetch = spyOnFetch().mockResolvedValueOnce(respond(200, loaded));
  const renderer = createRenderer('settings');
  renderer.render(<KeylineSettingsPage actions={renderer.mocks.actions} />);
  await renderer.waitFor(() => expect(renderer.findByTestId(Tile, 'section-onboarding')).toBeDefined(), WAIT);
  return { ...renderer, fetch };
}

afterEach(() => jest.restoreAllMocks());

describe('the settings page: onboarding after the handoff', () => {
  test('when the settings load, then the window, the allowance and each checklist item are fields with their defaults, named for people', async () => {
    const page = await renderPage();
    const section = textOf(page.findByTestId(Tile, 'section-onboarding'));
    expect(section).toContain('Onboarding after the handoff (new customers)');
    expect(section).toContain('Checklist items');
    expect(page.findByTestId(NumberInput, 'field-onboarding.window_days').props.value).toBe(30);
    expect(page.findByTestId(NumberInput, 'field-onboarding.daily_allowance').props).toMatchObject({ value: 5, label: 'Onboarding tasks per owner per day (first, out of the daily budget)' });
    expect(page.findByTestId(Input, 'field-onboarding.items.0.label').props.value).toBe('Kickoff call');
    expect(page.findByTestId(NumberInput, 'field-onboarding.items.0.due_days').props).toMatchObject({ value: 7, label: 'Due (days after the win)' });
  });

  test('when the kickoff is made due sooner and the allowance lowered, then the preview is asked for that model', async () => {
    const page = await renderPage();
    page.fetch.mockResolvedValueOnce(respond(200, validPreview));
    fire(page.findByTestId(NumberInput, 'field-onboarding.items.0.due_days'), 'onChange', 3);
    fire(page.findByTestId(NumberInput, 'field-onboarding.daily_allowance'), 'onChange', 2);
    await page.waitFor(() => expect(page.findByTestId(LoadingButton, 'preview-button').props.disabled).toBe(false), WAIT);
    page.findByTestId(LoadingButton, 'preview-button').trigger('onClick');
    await page.waitFor(() => expect(page.findByTestId(Text, 'preview-summary')).toBeDefined(), WAIT);
    const body = page.fetch.mock.calls[1]?.[1]?.body as { model: { onboarding: { daily_allowance: number; items: { key: string; due_days: number }[] } } };
    expect(body.model.onboarding.daily_allowance).toBe(2);
    expect(body.model.onboarding.items[0]).toMatchObject({ key: 'kickoff', due_days: 3 });
  });
});

import {
  Alert,
  Button,
  ErrorState,
  LoadingButton,
  LoadingSpinner,
  MultiSelect,
  NumberInput,
  Select,
  Table,
  Text,
  TextArea,
  Tile,
} from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { DEFAULT_SCORING_MODEL } from '../../../server/src/domain/scoring-model';
import type { ModelJson, SettingsResponse } from '@keyline/contract/settings-contract';
import { KeylineSettingsPage } from '../keyline-settings-page';
import { apiError, fire, respond, settle, spyOnFetch, textOf, WAIT } from '../../test-support/fetch-mocks';

const SETTINGS_URL = 'https://keyline.example.com/api/v1/settings';

/** The real default model, as JSON: the form must render whatever the backend's schema produces. */
const defaults = JSON.parse(JSON.stringify(DEFAULT_SCORING_MODEL)) as ModelJson;

function settingsResponse(overrides: Partial<SettingsResponse> = {}): SettingsResponse {
  return {
    version: 'm-aaaaaaaaaaaa',
    model: defaults,
    defaults,
    history: [{ version: 'm-aaaaaaaaaaaa', savedAt: '2026-11-01T08:00:00.000Z', savedBy: 'admin@example.com' }],
    ...overrides,
  };
}

const validPreview = {
  valid: true,
  issues: [],
  preview: {
    accountsEvaluated: 120,
    tierChanges: 3,
    byTransition: [
      { from: 'tier_2', to: 'tier_1', count: 2 },
      { from: 'tier_3', to: 'tier_2', count: 1 },
    ],
  },
};

async function renderLoadedPage(loaded = settingsResponse()) {
  const fetch = spyOnFetch().mockResolvedValueOnce(respond(200, loaded));
  const renderer = createRenderer('settings');
  renderer.render(<KeylineSettingsPage actions={renderer.mocks.actions} />);
  await renderer.waitFor(() => expect(renderer.findByTestId(Tile, 'section-weights')).toBeDefined(), WAIT);
  return { ...renderer, fetch };
}

type FindByTestId = ReturnType<typeof createRenderer>['findByTestId'];
type Page = { findByTestId: FindByTestId };

// The form gives each field the test id `field-<model path>`.
const numberField = (page: Page, path: string) => page.findByTestId(NumberInput, `field-${path}`);
const rolesField = (page: Page, path: string) => page.findByTestId(MultiSelect, `field-${path}`);
const linesField = (page: Page, path: string) => page.findByTestId(TextArea, `field-${path}`);

afterEach(() => jest.restoreAllMocks());

describe('the settings page: loading', () => {
  test('when the model is on its way, then a spinner shows; when it arrives, then every part of the model is a field', async () => {
    spyOnFetch().mockResolvedValueOnce(respond(200, settingsResponse()));
    const renderer = createRenderer('settings');
    renderer.render(<KeylineSettingsPage actions={renderer.mocks.actions} />);
    expect(renderer.find(LoadingSpinner)).toBeDefined();

    await renderer.waitFor(() => expect(renderer.findByTestId(Tile, 'section-weights')).toBeDefined(), WAIT);
    expect(numberField(renderer, 'weights.recurring_revenue').props).toMatchObject({ label: 'Recurring revenue', value: 35 });
    expect(numberField(renderer, 'thresholds.tier_1').props).toMatchObject({ label: 'Tier 1 · Strategic', value: 70 });
    expect(numberField(renderer, 'anchors.recurring_revenue.1.value').props.value).toBe(10_000);
    expect(numberField(renderer, 'cadence.tier_1.qbr_every_days').props.value).toBe(92);
    expect(numberField(renderer, 'cadence.tier_2.qbr_every_days').props).toMatchObject({ placeholder: 'not set' });
    // The task policy: which gaps become tasks per tier (a choice of the gap kinds) and the daily budget.
    expect(numberField(renderer, 'tasks.daily_budget').props).toMatchObject({ label: 'New Keyline tasks per owner per day', value: 10 });
    expect(numberField(renderer, 'tasks.max_open_per_owner').props.value).toBe(20);
    const tier3Gaps = renderer.findByTestId(MultiSelect, 'field-tasks.gap_kinds.tier_3');
    expect(tier3Gaps.props.value).toEqual(['touch_overdue']);
    expect(tier3Gaps.props.options).toContainEqual({ label: 'Champion gone dark', value: 'champion_dark' });
    expect(rolesField(renderer, 'stakeholders.required_roles.tier_1').props.value).toEqual([
      'DECISION_MAKER',
      'CHAMPION',
      'EXECUTIVE_SPONSOR',
    ]);
    expect(linesField(renderer, 'cadence.qbr_title_patterns').props.value).toBe(
      'QBR\nquarterly business review\nbusiness review\nEBR',
    );
    expect(numberField(renderer, 'capacity.max').props.value).toBe(25);
    expect(renderer.findByTestId(LoadingButton, 'save-button').props.disabled).toBe(true);
    expect(renderer.findByTestId(Text, 'preview-needed').text).toBe('No changes yet.');
  });

  test('when the settings cannot be loaded, then an error shows and retry loads them', async () => {
    const fetch = spyOnFetch()
      .mockResolvedValueOnce(apiError(401, 'bad_signature', 'The request signature is not valid.'))
      .mockResolvedValueOnce(respond(200, settingsResponse()));
    const renderer = createRenderer('settings');
    renderer.render(<KeylineSettingsPage actions={renderer.mocks.actions} />);

    await renderer.waitFor(() => expect(textOf(renderer.find(ErrorState))).toContain('The request signature is not valid.'), WAIT);
    renderer.findByTestId(Button, 'settings-retry').trigger('onClick');
    await renderer.waitFor(() => expect(renderer.findByTestId(Tile, 'section-weights')).toBeDefined(), WAIT);
    expect(fetch).toHaveBeenCalledWith(SETTINGS_URL, expect.objectContaining({ method: 'GET' }));
    expect(fetch).toHaveBeenCalledTimes(2);
  });
});

describe('the settings page: validation', () => {
  test('when the preview finds problems, then each message shows next to its field or section, and saving stays off', async () => {
    const renderer = await renderLoadedPage();
    renderer.fetch.mockResolvedValueOnce(
      respond(200, {
        valid: false,
        issues: [
          { path: 'thresholds.tier_1', message: 'tier_1 must be above tier_2' },
          { path: 'weights', message: 'at least one weight must be above 0' },
          { path: 'stakeholders.required_roles.tier_1.1', message: 'must not list a role twice' },
          { path: 'mystery', message: 'is not a setting Keyline knows (check the spelling)' },
        ],
        preview: { accountsEvaluated: 0, tierChanges: 0, byTransition: [] },
      }),
    );

    fire(numberField(renderer, 'thresholds.tier_1'), 'onChange', 40);
    await renderer.waitFor(() => expect(renderer.findByTestId(LoadingButton, 'preview-button').props.disabled).toBe(false), WAIT);
    renderer.findByTestId(LoadingButton, 'preview-button').trigger('onClick');

    await renderer.waitFor(() =>
      expect(numberField(renderer, 'thresholds.tier_1').props.validationMessage).toBe('tier_1 must be above tier_2'),
      WAIT,
    );
    expect(renderer.fetch).toHaveBeenLastCalledWith(
      `${SETTINGS_URL}/preview`,
      expect.objectContaining({
        method: 'POST',
        body: { model: { ...defaults, thresholds: { tier_1: 40, tier_2: 45 } } },
      }),
    );
    expect(numberField(renderer, 'thresholds.tier_1').props.error).toBe(true);
    expect(textOf(renderer.findByTestId(Alert, 'section-issues-weights'))).toContain('at least one weight must be above 0');
    expect(rolesField(renderer, 'stakeholders.required_roles.tier_1').props.validationMessage).toBe(
      'must not list a role twice',
    );
    expect(textOf(renderer.findByTestId(Alert, 'other-issues'))).toContain('is not a setting Keyline knows');
    expect(renderer.findByTestId(LoadingButton, 'save-button').props.disabled).toBe(true);
  });

  test('when a field with a message is edited, then its message goes away until the next preview', async () => {
    const renderer = await renderLoadedPage();
    renderer.fetch.mockResolvedValueOnce(
      respond(200, {
        valid: false,
        issues: [{ path: 'capacity.min', message: 'min must not be above max' }],
        preview: { accountsEvaluated: 0, tierChanges: 0, byTransition: [] },
      }),
    );
    fire(numberField(renderer, 'capacity.min'), 'onChange', 30);
    await renderer.waitFor(() => expect(renderer.findByTestId(LoadingButton, 'preview-button').props.disabled).toBe(false), WAIT);
    renderer.findByTestId(LoadingButton, 'preview-button').trigger('onClick');
    await renderer.waitFor(() => expect(numberField(renderer, 'capacity.min').props.error).toBe(true), WAIT);

    fire(numberField(renderer, 'capacity.min'), 'onChange', 10);

    await renderer.waitFor(() => expect(numberField(renderer, 'capacity.min').props.validationMessage).toBeUndefined(), WAIT);
  });
});

describe('the settings page: preview and save', () => {
  async function previewedPage() {
    const renderer = await renderLoadedPage();
    renderer.fetch.mockResolvedValueOnce(respond(200, validPreview));
    fire(numberField(renderer, 'weights.relationship'), 'onChange', 30);
    await renderer.waitFor(() => expect(renderer.findByTestId(LoadingButton, 'preview-button').props.disabled).toBe(false), WAIT);
    renderer.findByTestId(LoadingButton, 'preview-button').trigger('onClick');
    await renderer.waitFor(() => expect(renderer.findByTestId(Text, 'preview-summary')).toBeDefined(), WAIT);
    return renderer;
  }

  test('when a valid change is previewed, then the page says how many accounts would change tier, and between which tiers', async () => {
    const renderer = await previewedPage();

    expect(renderer.findByTestId(Text, 'preview-summary').text).toBe('3 of 120 accounts would change tier.');
    const transitions = textOf(renderer.findByTestId(Table, 'preview-transitions'));
    expect(transitions).toContain('Tier 2 · Growth Tier 1 · Strategic 2');
    expect(transitions).toContain('Tier 3 · Maintain Tier 2 · Growth 1');
    expect(renderer.findByTestId(LoadingButton, 'save-button').props.disabled).toBe(false);
  });

  test('when the admin saves and confirms, then the page PUTs the model with the version it started from and shows the new version', async () => {
    const renderer = await previewedPage();
    const savedModel = { ...defaults, weights: { ...(defaults['weights'] as object), relationship: 30 } };
    renderer.fetch.mockResolvedValueOnce(respond(200, settingsResponse({ version: 'm-bbbbbbbbbbbb', model: savedModel })));

    renderer.findByTestId(LoadingButton, 'save-button').trigger('onClick');
    await renderer.waitFor(() => expect(renderer.findByTestId(Alert, 'confirm-save')).toBeDefined(), WAIT);
    expect(textOf(renderer.findByTestId(Alert, 'confirm-save'))).toContain('3 of 120 accounts will change tier at the next sync.');
    expect(renderer.fetch).toHaveBeenCalledTimes(2);

    renderer.findByTestId(Button, 'confirm-save-button').trigger('onClick');

    await renderer.waitFor(() => expect(renderer.mocks.actions.addAlert.callCount).toBe(1), WAIT);
    expect(renderer.fetch).toHaveBeenLastCalledWith(
      SETTINGS_URL,
      expect.objectContaining({ method: 'PUT', body: { model: savedModel, expectedVersion: 'm-aaaaaaaaaaaa' } }),
    );
    expect(renderer.mocks.actions.addAlert.calls[0]?.[0]).toMatchObject({ type: 'success', title: 'Scoring model saved' });
    expect(textOf(renderer.getRootNode())).toContain('Version m-bbbbbbbbbbbb.');
    expect(renderer.maybeFindByTestId(Alert, 'confirm-save')).toBeNull();
    expect(renderer.findByTestId(LoadingButton, 'save-button').props.disabled).toBe(true);
  });

  test('when the admin cancels the confirmation, then nothing is saved', async () => {
    const renderer = await previewedPage();

    renderer.findByTestId(LoadingButton, 'save-button').trigger('onClick');
    await renderer.waitFor(() => expect(renderer.findByTestId(Alert, 'confirm-save')).toBeDefined(), WAIT);
    renderer.findByTestId(Button, 'cancel-save').trigger('onClick');

    await renderer.waitFor(() => expect(renderer.maybeFindByTestId(Alert, 'confirm-save')).toBeNull(), WAIT);
    await settle();
    expect(renderer.fetch).toHaveBeenCalledTimes(2);
  });

  test('when someone saved meanwhile, then the page says so and reload fetches the newer version', async () => {
    const renderer = await previewedPage();
    renderer.fetch
      .mockResolvedValueOnce(apiError(409, 'version_conflict', 'The settings changed since you loaded them.'))
      .mockResolvedValueOnce(respond(200, settingsResponse({ version: 'm-cccccccccccc' })));

    renderer.findByTestId(LoadingButton, 'save-button').trigger('onClick');
    await renderer.waitFor(() => expect(renderer.findByTestId(Alert, 'confirm-save')).toBeDefined(), WAIT);
    renderer.findByTestId(Button, 'confirm-save-button').trigger('onClick');

    await renderer.waitFor(() => expect(renderer.findByTestId(Alert, 'save-conflict')).toBeDefined(), WAIT);
    renderer.findByTestId(Button, 'reload-after-conflict').trigger('onClick');
    await renderer.waitFor(() => expect(textOf(renderer.getRootNode())).toContain('Version m-cccccccccccc.'), WAIT);
    expect(renderer.fetch).toHaveBeenLastCalledWith(SETTINGS_URL, expect.objectContaining({ method: 'GET' }));
  });

  test('when the backend refuses the save as invalid, then its messages show next to the fields', async () => {
    const renderer = await previewedPage();
    renderer.fetch.mockResolvedValueOnce(
      apiError(400, 'invalid_settings', 'The scoring model is not valid.', [
        { path: 'weights.relationship', message: 'must be at most 1000' },
      ]),
    );

    renderer.findByTestId(LoadingButton, 'save-button').trigger('onClick');
    await renderer.waitFor(() => expect(renderer.findByTestId(Alert, 'confirm-save')).toBeDefined(), WAIT);
    renderer.findByTestId(Button, 'confirm-save-button').trigger('onClick');

    await renderer.waitFor(() =>
      expect(numberField(renderer, 'weights.relationship').props.validationMessage).toBe('must be at most 1000'),
      WAIT,
    );
    expect(renderer.findByTestId(LoadingButton, 'save-button').props.disabled).toBe(true);
  });

  test('when a previewed draft is edited again, then the preview is stale and must be run again before saving', async () => {
    const renderer = await previewedPage();

    fire(numberField(renderer, 'weights.relationship'), 'onChange', 25);

    await renderer.waitFor(() => expect(renderer.maybeFindByTestId(Text, 'preview-summary')).toBeNull(), WAIT);
    expect(renderer.findByTestId(LoadingButton, 'save-button').props.disabled).toBe(true);
    expect(renderer.findByTestId(Text, 'preview-needed').text).toBe('Preview the effect of your changes before saving.');
  });

  test('when the admin resets to defaults, then the draft is the defaults and can be previewed', async () => {
    const changed = { ...defaults, hysteresis: 5 };
    const renderer = await renderLoadedPage(settingsResponse({ model: changed }));
    expect(numberField(renderer, 'hysteresis').props.value).toBe(5);

    renderer.findByTestId(Button, 'reset-defaults').trigger('onClick');

    await renderer.waitFor(() => expect(numberField(renderer, 'hysteresis').props.value).toBe(3), WAIT);
    expect(renderer.findByTestId(LoadingButton, 'preview-button').props.disabled).toBe(false);
  });

  test('when the backend names the allowed values of a setting, then it is a select of those values', async () => {
    const renderer = await renderLoadedPage(
      settingsResponse({ choices: { 'capacity.policy': ['flag', 'cap'], 'stakeholders.level_rules.*.level': ['executive', 'management', 'operational'] } }),
    );

    const policy = renderer.findByTestId(Select, 'field-capacity.policy');
    expect(policy.props.options.map((option) => option.value)).toEqual(['flag', 'cap']);
    expect(policy.props.value).toBe('flag');
    expect(renderer.findByTestId(Select, 'field-stakeholders.level_rules.1.level').props.value).toBe('management');
    fire(policy, 'onChange', 'cap');
    await renderer.waitFor(() => expect(renderer.findByTestId(Select, 'field-capacity.policy').props.value).toBe('cap'), WAIT);
  });

  test('when a list of phrases is edited, then it is saved as one entry per non-empty line', async () => {
    const renderer = await renderLoadedPage();
    renderer.fetch.mockResolvedValueOnce(respond(200, validPreview));

    fire(linesField(renderer, 'cadence.qbr_title_patterns'), 'onChange', 'QBR\n\n  Account review \n');
    await renderer.waitFor(() => expect(renderer.findByTestId(LoadingButton, 'preview-button').props.disabled).toBe(false), WAIT);
    renderer.findByTestId(LoadingButton, 'preview-button').trigger('onClick');

    await renderer.waitFor(() => expect(renderer.findByTestId(Text, 'preview-summary')).toBeDefined(), WAIT);
    const body = renderer.fetch.mock.calls[1]?.[1]?.body as { model: { cadence: { qbr_title_patterns: string[] } } };
    expect(body.model.cadence.qbr_title_patterns).toEqual(['QBR', 'Account review']);
  });
});

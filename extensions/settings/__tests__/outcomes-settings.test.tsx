import { Input, LoadingButton, NumberInput, Text, TextArea, Tile } from '@hubspot/ui-extensions';
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
  await renderer.waitFor(() => expect(renderer.findByTestId(Tile, 'section-outcomes')).toBeDefined(), WAIT);
  return { ...renderer, fetch };
}

afterEach(() => jest.restoreAllMocks());

describe('the settings page: outcomes', () => {
  test('when the settings load, then the deal types, renewal window, wallet estimate and survey window are fields with their defaults', async () => {
    const page = await renderPage();
    expect(textOf(page.findByTestId(Tile, 'section-outcomes'))).toContain('Outcomes (retention, renewal, share of wallet)');
    expect(page.findByTestId(TextArea, 'field-outcomes.expansion_deal_types').props.value).toBe('existingbusiness');
    expect(page.findByTestId(TextArea, 'field-outcomes.renewal_deal_types').props.value).toBe('renewal');
    expect(page.findByTestId(NumberInput, 'field-outcomes.renewal_window_days').props.value).toBe(120);
    expect(page.findByTestId(Input, 'field-outcomes.contract_end_property').props.value).toBe('keyline_contract_end_date');
    expect(page.findByTestId(NumberInput, 'field-outcomes.wallet.default_share').props.value).toBe(0.002);
    expect(page.findByTestId(NumberInput, 'field-outcomes.wallet.industry_shares.COMPUTER_SOFTWARE').props.value).toBe(0.005);
    expect(page.findByTestId(NumberInput, 'field-outcomes.survey_window_days').props.value).toBe(365);
  });

  test('when the renewal window, a deal type and an industry share are edited, then the preview is asked for that model', async () => {
    const page = await renderPage();
    page.fetch.mockResolvedValueOnce(respond(200, validPreview));
    fire(page.findByTestId(NumberInput, 'field-outcomes.renewal_window_days'), 'onChange', 90);
    fire(page.findByTestId(TextArea, 'field-outcomes.expansion_deal_types'), 'onChange', 'existingbusiness\nupsell\n');
    fire(page.findByTestId(NumberInput, 'field-outcomes.wallet.industry_shares.RETAIL'), 'onChange', 0.003);
    await page.waitFor(() => expect(page.findByTestId(LoadingButton, 'preview-button').props.disabled).toBe(false), WAIT);
    page.findByTestId(LoadingButton, 'preview-button').trigger('onClick');
    await page.waitFor(() => expect(page.findByTestId(Text, 'preview-summary')).toBeDefined(), WAIT);
    const body = page.fetch.mock.calls[1]?.[1]?.body as { model: { outcomes: { renewal_window_days: number; expansion_deal_types: string[]; wallet: { industry_shares: Record<string, number> } } } };
    expect(body.model.outcomes.renewal_window_days).toBe(90);
    expect(body.model.outcomes.expansion_deal_types).toEqual(['existingbusiness', 'upsell']);
    expect(body.model.outcomes.wallet.industry_shares['RETAIL']).toBe(0.003);
  });
});

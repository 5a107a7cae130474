import { StatusTag, Text } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { Attention, formatMinutes } from '../sections/attention';
import { anAccountView, anAttentionView } from '../../test-support/account-view-fixtures';

function renderAttention(attention: ReturnType<typeof anAttentionView> | undefined) {
  const renderer = createRenderer('crm.record.tab');
  renderer.render(<Attention account={anAccountView(attention === undefined ? {} : { attention })} />);
  return renderer;
}

describe('the attention section', () => {
  test("when the account is measured, then one line says its share of the owner's time against its share of the book's value, with the hours and who else helps", () => {
    const { findByTestId, maybeFind } = renderAttention(anAttentionView());
    expect(findByTestId(Text, 'attention-sentence').text).toBe('65% of Dana Whitfield’s time for 100% of their book’s value');
    expect(findByTestId(Text, 'attention-hours').text).toBe('Dana Whitfield: 1.1 h over 2 touches here in 90 days (0.13 of 20 h/week on all accounts)');
    expect(findByTestId(Text, 'attention-others').text).toBe('Also on it: Ben Ode 30 min');
    expect(maybeFind(Text, { testId: 'attention-reason' })).toBeNull();
    expect(maybeFind(StatusTag, { testId: 'attention-service' })).toBeNull();
  });

  test('when the account is over-served and the owner over capacity, then both are tagged and the reason is shown', () => {
    const { findByTestId } = renderAttention(
      anAttentionView({ attentionShare: 0.35, valueShare: 0, service: 'over_served', ownerOverCapacity: true, reason: "over-served: 35% of the owner's time for 0% of the book's value; the owner is over capacity (21 of 20 h/week, 3 of at most 25 tier-1 accounts)" }),
    );
    expect(findByTestId(Text, 'attention-sentence').text).toBe('35% of Dana Whitfield’s time for 0% of their book’s value');
    expect(findByTestId(StatusTag, 'attention-service').text).toBe('Over-served');
    expect(findByTestId(StatusTag, 'attention-capacity').text).toBe('Owner over capacity');
    expect(findByTestId(Text, 'attention-reason').text).toContain('Why: over-served');
  });

  test('when figures are missing, then the line says what is not known, with no verdict tag', () => {
    const noValue = renderAttention(anAttentionView({ valueShare: null, service: 'unknown', confidence: 'medium', reason: "the book's value is unknown (no won revenue), so no value share" }));
    expect(noValue.findByTestId(Text, 'attention-sentence').text).toBe('65% of Dana Whitfield’s time (their book’s value is not known)');
    expect(noValue.maybeFind(StatusTag, { testId: 'attention-service' })).toBeNull();
    const noTime = renderAttention(anAttentionView({ attentionShare: null, ownerMinutes: 0, ownerTouches: 0, ownerTotalMinutes: 0, service: 'unknown', confidence: 'low' }));
    expect(noTime.findByTestId(Text, 'attention-sentence').text).toBe('Dana Whitfield logged no touches in the last 90 days, so this account’s share of their time is not known.');
  });

  test('when no sync has measured attention yet, then the section says when it will be', () => {
    expect(renderAttention(undefined).findByTestId(Text, 'attention-sentence').text).toBe('The share of the owner’s time is measured at the end of the next sync.');
  });

  test('minutes read as minutes under an hour and as hours with one decimal above', () => {
    expect([formatMinutes(30), formatMinutes(65), formatMinutes(600)]).toEqual(['30 min', '1.1 h', '10 h']);
  });
});

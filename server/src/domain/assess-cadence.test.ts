import { aCompany, aContact, anAccount, anActivity, anEmail, aMeeting, daysAgo, daysFromNow, TEST_NOW, type AccountOverrides } from '../../../test/factories/accounts';
import { scoreAccount } from './score-account';
import { DEFAULT_SCORING_MODEL, parseScoringModel } from './scoring-model';
import type { AccountResult, CadenceRule, CadenceRuleResult, Tier } from './types';

/** Scores an account whose effective tier is pinned by an override, so the tier's cadence rules apply. */
function cadenceOf(tier: Tier, overrides: AccountOverrides = {}): AccountResult['cadence'] {
  return scoreAccount(
    anAccount({ ...overrides, company: { stored: { tier: null, override: tier }, ...overrides.company } }),
    DEFAULT_SCORING_MODEL,
    TEST_NOW,
  ).cadence;
}

function rule(cadence: AccountResult['cadence'], name: CadenceRule): CadenceRuleResult {
  const found = cadence.rules.find((r) => r.rule === name);
  if (found === undefined) throw new Error(`no ${name} rule`);
  return found;
}

describe('touches', () => {
  it('when calls complete, emails are sent or received and meetings are held, then each is a touch', () => {
    const cadence = cadenceOf('tier_3', {
      activities: [
        anActivity({ occurredAt: daysAgo(1) }),
        anEmail({ occurredAt: daysAgo(2) }),
        anEmail({ occurredAt: daysAgo(3), direction: 'INCOMING_EMAIL', status: null }),
        aMeeting({ occurredAt: daysAgo(4) }),
      ],
    });
    expect(cadence.channelMix).toEqual({ call: 1, email: 2, meeting: 1 });
    expect(cadence.lastTouchAt).toEqual(daysAgo(1));
  });

  it('when a call was not answered, an email bounced or is a draft, or a meeting was cancelled, missed or moved, then it is not a touch', () => {
    const cadence = cadenceOf('tier_3', {
      activities: [
        anActivity({ status: 'NO_ANSWER' }),
        anActivity({ status: 'BUSY' }),
        anEmail({ status: 'BOUNCED' }),
        anEmail({ direction: 'DRAFT_EMAIL' }),
        aMeeting({ status: 'CANCELED' }),
        aMeeting({ status: 'NO_SHOW' }),
        aMeeting({ status: 'RESCHEDULED' }),
        anActivity({ kind: 'note' }),
        anActivity({ kind: 'task', status: 'COMPLETED' }),
      ],
    });
    expect(cadence.channelMix).toEqual({ call: 0, email: 0, meeting: 0 });
    expect(cadence.lastTouchAt).toBeNull();
  });

  it('when statuses arrive in another case or with spaces, then they are still understood', () => {
    const cadence = cadenceOf('tier_3', { activities: [aMeeting({ status: ' canceled ' }), anActivity({ status: 'completed' })] });
    expect(cadence.channelMix).toEqual({ call: 1, email: 0, meeting: 0 });
  });

  it('when a meeting is scheduled in the future, then it is not a touch yet', () => {
    const cadence = cadenceOf('tier_2', { activities: [aMeeting({ occurredAt: daysFromNow(3), status: 'SCHEDULED' })] });
    expect(rule(cadence, 'meeting').last).toBeNull();
  });

  it('when an activity is older than the look-back window, then it is not read', () => {
    expect(cadenceOf('tier_3', { activities: [anActivity({ occurredAt: daysAgo(366) })] }).lastTouchAt).toBeNull();
  });

  it('when touches are older than 90 days, then they are not in the channel mix', () => {
    expect(cadenceOf('tier_3', { activities: [anActivity({ occurredAt: daysAgo(91) })] }).channelMix.call).toBe(0);
  });
});

describe('QBR detection', () => {
  it.each(['Q3 QBR', 'qbr with Acme', 'Quarterly Business Review', 'Annual business review', 'EBR – Acme', 'Acme QBRs'])(
    'when a held meeting is titled "%s", then it is a QBR',
    (title) => {
      expect(cadenceOf('tier_1', { activities: [aMeeting({ title, occurredAt: daysAgo(10) })] }).lastQbrAt).toEqual(daysAgo(10));
    },
  );

  it.each(['Debrief', 'Weekly sync', 'Celebration', 'qbrx planning'])('when a meeting is titled "%s", then it is not a QBR', (title) => {
    expect(cadenceOf('tier_1', { activities: [aMeeting({ title })] }).lastQbrAt).toBeNull();
  });

  it('when the meeting type is a QBR type, then it is a QBR whatever the title', () => {
    expect(cadenceOf('tier_1', { activities: [aMeeting({ title: 'Catch-up', activityType: 'quarterly business review' })] }).lastQbrAt).not.toBeNull();
  });

  it('when a QBR was cancelled, then it does not count', () => {
    expect(cadenceOf('tier_1', { activities: [aMeeting({ title: 'QBR', status: 'CANCELED' })] }).lastQbrAt).toBeNull();
  });

  it('when the patterns are configured, then they are whole phrases, not regular expressions', () => {
    const parsed = parseScoringModel({ cadence: { qbr_title_patterns: ['Review (quarterly)'] } });
    if (!parsed.ok) throw new Error('invalid');
    const result = scoreAccount(
      anAccount({ company: { stored: { tier: null, override: 'tier_1' } }, activities: [aMeeting({ title: 'Review (Quarterly) 2026' })] }),
      parsed.model,
      TEST_NOW,
    );
    expect(result.cadence.lastQbrAt).not.toBeNull();
  });
});

describe('cadence rules per tier', () => {
  it('when the tier is 1, then touch 14, meeting 30, QBR 92 days and 2 channels apply', () => {
    const cadence = cadenceOf('tier_1');
    expect(cadence.rules.map((r) => [r.rule, r.intervalDays])).toEqual([['touch', 14], ['meeting', 30], ['qbr', 92], ['channels', 90]]);
    expect(rule(cadence, 'channels').channelsRequired).toBe(2);
  });

  it('when the tier is 2, then touch 30 and meeting 90 days apply, no QBR', () => {
    expect(cadenceOf('tier_2').rules.map((r) => [r.rule, r.intervalDays])).toEqual([['touch', 30], ['meeting', 90], ['channels', 90]]);
  });

  it('when the tier is 3, then only touch 90 days and one channel apply', () => {
    expect(cadenceOf('tier_3').rules.map((r) => [r.rule, r.intervalDays])).toEqual([['touch', 90], ['channels', 90]]);
  });
});

describe('due dates and statuses', () => {
  it('when the last touch was 3 days ago on a 14-day rule, then it is due in 11 days and on track', () => {
    const touch = rule(cadenceOf('tier_1', { activities: [anActivity({ occurredAt: daysAgo(3) })] }), 'touch');
    expect(touch).toMatchObject({ last: daysAgo(3), due: daysFromNow(11), status: 'on_track' });
  });

  it('when the due date is 7 days away or less, then the rule is due soon', () => {
    expect(rule(cadenceOf('tier_1', { activities: [anActivity({ occurredAt: daysAgo(7) })] }), 'touch').status).toBe('due_soon');
    expect(rule(cadenceOf('tier_1', { activities: [anActivity({ occurredAt: daysAgo(6.9) })] }), 'touch').status).toBe('on_track');
  });

  it('when the due date has passed, then the rule is overdue', () => {
    expect(rule(cadenceOf('tier_1', { activities: [anActivity({ occurredAt: daysAgo(14.01) })] }), 'touch').status).toBe('overdue');
    expect(rule(cadenceOf('tier_1', { activities: [anActivity({ occurredAt: daysAgo(14) })] }), 'touch').status).toBe('due_soon');
  });

  it('when there is no history, then the clock starts at the company create date', () => {
    const fresh = cadenceOf('tier_2', { company: { createdAt: daysAgo(10) } });
    expect(rule(fresh, 'touch')).toMatchObject({ last: null, due: daysFromNow(20), status: 'on_track' });
    expect(rule(fresh, 'meeting')).toMatchObject({ last: null, due: daysFromNow(80) });
    const old = cadenceOf('tier_2', { company: { createdAt: daysAgo(400) } });
    expect(rule(old, 'touch')).toMatchObject({ due: daysAgo(370), status: 'overdue' });
  });

  it('when neither history nor create date is known, then the clock starts now (missing data never makes a rule overdue)', () => {
    for (const createdAt of [null, daysFromNow(30), new Date(Number.NaN)]) {
      const cadence = cadenceOf('tier_3', { company: { createdAt } });
      expect(rule(cadence, 'touch')).toMatchObject({ due: daysFromNow(90), status: 'on_track' });
    }
  });

  it('when a tier-1 account used only email in 90 days, then the channel rule is overdue', () => {
    const cadence = cadenceOf('tier_1', { activities: [anEmail({ occurredAt: daysAgo(1) })] });
    expect(rule(cadence, 'channels')).toMatchObject({ channelsUsed: 1, channelsRequired: 2, status: 'overdue', due: null });
  });

  it('when rules differ, then the account status is the worst and the next due date the earliest', () => {
    const cadence = cadenceOf('tier_1', {
      activities: [anActivity({ occurredAt: daysAgo(2) }), aMeeting({ occurredAt: daysAgo(26), title: 'QBR' })],
    });
    expect(rule(cadence, 'touch').status).toBe('on_track');
    expect(rule(cadence, 'meeting').status).toBe('due_soon');
    expect(cadence.status).toBe('due_soon');
    expect(cadence.nextTouchDue).toEqual(daysFromNow(4));
    expect(cadence.lastQbrAt).toEqual(daysAgo(26));
  });

  it('when a company was created today, then it is on track on every rule, channels included', () => {
    for (const createdAt of [TEST_NOW, daysAgo(2), null]) {
      const cadence = cadenceOf('tier_1', { company: { createdAt } });
      expect(cadence.rules.map((r) => [r.rule, r.status])).toEqual([['touch', 'on_track'], ['meeting', 'on_track'], ['qbr', 'on_track'], ['channels', 'on_track']]);
    }
    // Once the company is older than the channel window, too few channels is overdue again.
    expect(rule(cadenceOf('tier_1', { company: { createdAt: daysAgo(91) } }), 'channels').status).toBe('overdue');
  });

  it('when HubSpot\'s roll-ups know of a later touch and the engagements were not read, then the touch rule uses it', () => {
    const result = scoreAccount(
      { ...anAccount({ activities: [anActivity({ occurredAt: daysAgo(20) })] }), company: aCompany({ lastLoggedCallAt: daysAgo(1), stored: { tier: null, override: 'tier_1' } }) },
      DEFAULT_SCORING_MODEL,
      TEST_NOW,
    );
    expect(rule(result.cadence, 'touch').last).toEqual(daysAgo(1));
  });

  const readWindows = { from: { call: daysAgo(90), email: daysAgo(90), meeting: daysAgo(365) }, withContacts: false };

  it('when a call was not answered yesterday, then the last touch does not move, though HubSpot\'s roll-ups moved with it', () => {
    // HubSpot moves hs_last_logged_call_date and notes_last_contacted on any logged call; Keyline read the call itself.
    const result = scoreAccount(
      {
        ...anAccount({
          activities: [anActivity({ occurredAt: daysAgo(20) }), anActivity({ occurredAt: daysAgo(1), status: 'NO_ANSWER' })],
          contacts: [aContact({ lastContactedAt: daysAgo(1) })],
        }),
        company: aCompany({ lastLoggedCallAt: daysAgo(1), lastContactedAt: daysAgo(1), stored: { tier: null, override: 'tier_1' } }),
        engagementsRead: readWindows,
      },
      DEFAULT_SCORING_MODEL,
      TEST_NOW,
    );
    expect(result.cadence.lastTouchAt).toEqual(daysAgo(20));
    expect(rule(result.cadence, 'touch')).toMatchObject({ last: daysAgo(20), status: 'overdue' });
    expect(result.tier.criteria.find((c) => c.criterion === 'engagement_recency')?.display).toBe('last touch 20 days ago');
  });

  it('when the roll-ups are older than what was read, then they still count (a touch Keyline did not read)', () => {
    const result = scoreAccount(
      { ...anAccount(), company: aCompany({ lastContactedAt: daysAgo(120), lastLoggedCallAt: daysAgo(100), stored: { tier: null, override: 'tier_3' } }), engagementsRead: readWindows },
      DEFAULT_SCORING_MODEL,
      TEST_NOW,
    );
    expect(result.cadence.lastTouchAt).toEqual(daysAgo(100));
  });

  it('when the engagements\' contacts were not read, then a contact\'s last-contacted date still makes them engaged; when they were, the engagements decide', () => {
    const contact = aContact({ id: 'kim', buyingRoles: ['DECISION_MAKER'], lastContactedAt: daysAgo(5) });
    const engaged = (withContacts: boolean) =>
      scoreAccount({ ...anAccount({ contacts: [contact] }), engagementsRead: { ...readWindows, withContacts } }, DEFAULT_SCORING_MODEL, TEST_NOW).coverage.stakeholders[0]?.engaged;
    expect(engaged(false)).toBe(true);
    expect(engaged(true)).toBe(false);
  });
});

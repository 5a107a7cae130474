/**
 * A portal whose token lacks the optional outcome scopes: HubSpot answers 403, and the sync goes on without outcomes
 * (marked not read) instead of failing. Any other failure still surfaces.
 */
import { HubSpotRequestError } from './errors';
import type { HubSpotTransport } from './hubspot-transport';
import { readFeedback, readLineItems, readProducts } from './read-outcomes';

const answering = (status: number): HubSpotTransport =>
  ({
    request: async () => {
      throw new HubSpotRequestError('POST /crm/…', status, 'refused');
    },
  }) as unknown as HubSpotTransport;

describe('outcome reads without their scopes', () => {
  it('when HubSpot refuses line items with 403, then every won deal’s lines are marked not read', async () => {
    expect(await readLineItems(answering(403), ['1', '2'])).toEqual({ byDeal: new Map(), unread: new Set(['1', '2']), forbidden: true });
  });

  it('when HubSpot refuses survey answers with 403, then every contact’s answers are marked not read', async () => {
    expect(await readFeedback(answering(403), ['7'])).toEqual({ byContact: new Map(), unread: new Set(['7']), forbidden: true });
  });

  it('when HubSpot refuses products with 403, then the library is empty', async () => {
    expect(await readProducts(answering(403))).toEqual([]);
  });

  it('when HubSpot fails otherwise (500 after retries), then the failure surfaces', async () => {
    await expect(readLineItems(answering(500), ['1'])).rejects.toThrow(HubSpotRequestError);
    await expect(readProducts(answering(500))).rejects.toThrow(HubSpotRequestError);
  });

  it('when there is nothing to read, then no call is made', async () => {
    const hs = answering(500);
    expect(await readLineItems(hs, [])).toEqual({ byDeal: new Map(), unread: new Set() });
    expect(await readFeedback(hs, [])).toEqual({ byContact: new Map(), unread: new Set() });
  });
});

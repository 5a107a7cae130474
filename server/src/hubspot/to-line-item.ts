/**
 * HubSpot line item (of a won deal) → domain LineItem: which product was sold, and for how much.
 * https://developers.hubspot.com/docs/api-reference/latest/crm/objects/line-items/guide
 */
import type { LineItem } from '../domain/types';
import type { HubSpotLineItem } from './hubspot-records';
import { parseNumber, parseText } from './parse-values';

export const LINE_ITEM_PROPERTIES = ['name', 'hs_product_id', 'amount', 'quantity', 'price'] as const;

const RECORD_ID = /^\d+$/;

export function toLineItem(raw: HubSpotLineItem): LineItem {
  const p = raw.properties;
  const product = parseText(p['hs_product_id']);
  // `amount` is the line's total; when it is missing, quantity × unit price says the same.
  const amount = parseNumber(p['amount']);
  const quantity = parseNumber(p['quantity']);
  const price = parseNumber(p['price']);
  return {
    id: raw.id,
    productId: product !== null && RECORD_ID.test(product) ? product : null,
    name: parseText(p['name']),
    amount: amount ?? (quantity !== null && price !== null ? Math.round(quantity * price * 100) / 100 : null),
  };
}

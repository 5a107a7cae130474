/**
 * HubSpot product → domain Product (the portal's product library, read once per run for whitespace).
 * https://developers.hubspot.com/docs/api-reference/latest/crm/objects/products/guide
 */
import type { Product } from '../domain/types';
import type { HubSpotProduct } from './hubspot-records';
import { parseNonNegative, parseText } from './parse-values';

export const PRODUCT_PROPERTIES = ['name', 'price', 'recurringbillingfrequency'] as const;

/** A product without a name is still a product of the library: it is named by its id. */
export function toProduct(raw: HubSpotProduct): Product {
  const p = raw.properties;
  return {
    id: raw.id,
    name: parseText(p['name']) ?? `Product ${raw.id}`,
    price: parseNonNegative(p['price']),
    billingFrequency: parseText(p['recurringbillingfrequency'])?.toLowerCase() ?? null,
  };
}

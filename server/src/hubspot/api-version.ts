/**
 * The HubSpot API version Keyline calls, written once, and every path it calls built from it. HubSpot's date-versioned
 * APIs replace the numeric ones (v4 unsupported from 2027-03-30, v1–v3 from September 2027); each date version is
 * supported for at least 18 months, so moving to the next one is a change of this constant plus whatever its specs
 * change (check them against ../shared/hubspot-openapi/*-<version>.json with the contract suite).
 * https://developers.hubspot.com/docs/api-reference/legacy/migration-guide
 */
export const HUBSPOT_API_VERSION = '2026-09';

const V = HUBSPOT_API_VERSION;

/** The CRM object types Keyline reads or writes. */
export type CrmType =
  | 'companies'
  | 'contacts'
  | 'deals'
  | 'calls'
  | 'emails'
  | 'meetings'
  | 'tasks'
  | 'products'
  | 'line_items'
  | 'feedback_submissions';

/** HubSpot's object type id of companies (lists name their object type by id). */
export const COMPANY_OBJECT_TYPE_ID = '0-2';

export const hubSpotPaths = {
  objects: (type: CrmType) => `/crm/objects/${V}/${type}`,
  batch: (type: CrmType, operation: 'read' | 'create' | 'update') => `/crm/objects/${V}/${type}/batch/${operation}`,
  search: (type: CrmType) => `/crm/objects/${V}/${type}/search`,
  associationsBatchRead: (from: CrmType, to: CrmType) => `/crm/associations/${V}/${from}/${to}/batch/read`,
  properties: (type: CrmType) => `/crm/properties/${V}/${type}`,
  property: (type: CrmType, name: string) => `/crm/properties/${V}/${type}/${encodeURIComponent(name)}`,
  propertiesBatchCreate: (type: CrmType) => `/crm/properties/${V}/${type}/batch/create`,
  propertyGroups: (type: CrmType) => `/crm/properties/${V}/${type}/groups`,
  propertyGroup: (type: CrmType, name: string) => `/crm/properties/${V}/${type}/groups/${encodeURIComponent(name)}`,
  owners: () => `/crm/owners/${V}`,
  pipelines: (type: CrmType) => `/crm/pipelines/${V}/${type}`,
  lists: () => `/crm/lists/${V}`,
  listByName: (objectTypeId: string, name: string) => `/crm/lists/${V}/object-type-id/${objectTypeId}/name/${encodeURIComponent(name)}`,
  accountDetails: () => `/account-info/${V}/details`,
} as const;

/**
 * The saved lists `keyline setup --lists` creates for executives: dynamic company lists over Keyline's properties
 * (Lists v3 filter branches: an OR branch holding one AND branch).
 * https://developers.hubspot.com/docs/api-reference/crm-lists-v3/guide
 */
import type { KeylinePropertyName } from './keyline-properties';

interface PropertyFilter {
  filterType: 'PROPERTY';
  property: KeylinePropertyName;
  operation:
    | { operationType: 'ENUMERATION'; operator: 'IS_ANY_OF'; values: string[] }
    | { operationType: 'BOOL'; operator: 'IS_EQUAL_TO'; value: boolean };
}

export interface KeylineList {
  name: string;
  filterBranch: {
    filterBranchType: 'OR';
    filters: [];
    filterBranches: { filterBranchType: 'AND'; filters: PropertyFilter[]; filterBranches: [] }[];
  };
}

function listOf(name: string, filter: PropertyFilter): KeylineList {
  return {
    name,
    filterBranch: {
      filterBranchType: 'OR',
      filters: [],
      filterBranches: [{ filterBranchType: 'AND', filters: [filter], filterBranches: [] }],
    },
  };
}

export const KEYLINE_LISTS: readonly KeylineList[] = [
  listOf('Keyline · Tier 1 accounts', {
    filterType: 'PROPERTY',
    property: 'keyline_tier',
    operation: { operationType: 'ENUMERATION', operator: 'IS_ANY_OF', values: ['tier_1'] },
  }),
  listOf('Keyline · Near-miss accounts', {
    filterType: 'PROPERTY',
    property: 'keyline_near_miss',
    operation: { operationType: 'BOOL', operator: 'IS_EQUAL_TO', value: true },
  }),
  listOf('Keyline · Cadence overdue', {
    filterType: 'PROPERTY',
    property: 'keyline_cadence_status',
    operation: { operationType: 'ENUMERATION', operator: 'IS_ANY_OF', values: ['overdue'] },
  }),
  listOf('Keyline · Single-threaded accounts', {
    filterType: 'PROPERTY',
    property: 'keyline_single_threaded',
    operation: { operationType: 'BOOL', operator: 'IS_EQUAL_TO', value: true },
  }),
];

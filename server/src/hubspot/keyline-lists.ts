/**
 * The saved lists `keyline setup --lists` creates for executives: dynamic company lists over Keyline's properties
 * (filter branches: an OR branch holding one AND branch). The 2026-09 schema requires each branch's
 * `filterBranchOperator` and each property operation's `includeObjectsWithNoValueSet`.
 * https://developers.hubspot.com/docs/api-reference/latest/crm/lists/guide
 */
import type { KeylinePropertyName } from './keyline-properties';

interface PropertyFilter {
  filterType: 'PROPERTY';
  property: KeylinePropertyName;
  operation:
    | { operationType: 'ENUMERATION'; operator: 'IS_ANY_OF'; values: string[]; includeObjectsWithNoValueSet: false }
    | { operationType: 'BOOL'; operator: 'IS_EQUAL_TO'; value: boolean; includeObjectsWithNoValueSet: false };
}

export interface KeylineList {
  name: string;
  filterBranch: {
    filterBranchType: 'OR';
    filterBranchOperator: 'OR';
    filters: [];
    filterBranches: { filterBranchType: 'AND'; filterBranchOperator: 'AND'; filters: PropertyFilter[]; filterBranches: [] }[];
  };
}

function listOf(name: string, filter: PropertyFilter): KeylineList {
  return {
    name,
    filterBranch: {
      filterBranchType: 'OR',
      filterBranchOperator: 'OR',
      filters: [],
      filterBranches: [{ filterBranchType: 'AND', filterBranchOperator: 'AND', filters: [filter], filterBranches: [] }],
    },
  };
}

export const KEYLINE_LISTS: readonly KeylineList[] = [
  listOf('Keyline · Tier 1 accounts', {
    filterType: 'PROPERTY',
    property: 'keyline_tier',
    operation: { operationType: 'ENUMERATION', operator: 'IS_ANY_OF', values: ['tier_1'], includeObjectsWithNoValueSet: false },
  }),
  listOf('Keyline · Near-miss accounts', {
    filterType: 'PROPERTY',
    property: 'keyline_near_miss',
    operation: { operationType: 'BOOL', operator: 'IS_EQUAL_TO', value: true, includeObjectsWithNoValueSet: false },
  }),
  listOf('Keyline · Cadence overdue', {
    filterType: 'PROPERTY',
    property: 'keyline_cadence_status',
    operation: { operationType: 'ENUMERATION', operator: 'IS_ANY_OF', values: ['overdue'], includeObjectsWithNoValueSet: false },
  }),
  listOf('Keyline · Single-threaded accounts', {
    filterType: 'PROPERTY',
    property: 'keyline_single_threaded',
    operation: { operationType: 'BOOL', operator: 'IS_EQUAL_TO', value: true, includeObjectsWithNoValueSet: false },
  }),
];

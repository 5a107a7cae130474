/**
 * The portal's write rules: what an admin configures in HubSpot to govern how records are created or changed, and
 * what HubSpot enforces on every CRM API write from the 2026-09 API version on (before, only in its UI):
 *   - a required property, optionally only when another property has a given value (a conditional requirement, e.g.
 *     "close_date is required when dealstage is closedwon"), optionally only on create (the Create Record form);
 *   - a format rule on a property's value (a pattern the value must match).
 * A refused write gets HubSpot's 400 VALIDATION_ERROR with the property values that were not valid. The legacy paths
 * do not enforce these rules, as HubSpot's v3 did not.
 * https://developers.hubspot.com/changelog/crm-api-write-validation-enforcement
 */
import type { ObjectType } from './object-types';
import type { PropertyValueError } from './http/hubspot-errors';

export type WriteRule =
  | {
      kind: 'required';
      objectType: ObjectType;
      property: string;
      /** Only when this other property (after the write) has this value. */
      when?: { property: string; equals: string };
      /** Only when a record is created (HubSpot's required fields on the Create Record form). */
      onCreateOnly?: boolean;
      /** What the portal's users see; HubSpot answers it as the error's message. */
      message?: string;
    }
  | {
      kind: 'format';
      objectType: ObjectType;
      property: string;
      /** A regular expression (JavaScript syntax) a non-empty value must match. */
      pattern: string;
      message?: string;
    };

/** The rules a sandbox enforces; replaced as a whole (`Sandbox.setWriteRules`, `POST /__sandbox/write-rules`). */
export class WriteRules {
  private rules: readonly WriteRule[] = [];

  set(rules: readonly WriteRule[]): void {
    for (const r of rules) if (r.kind === 'format') new RegExp(r.pattern); // a bad pattern is refused when set
    this.rules = [...rules];
  }

  list(): readonly WriteRule[] {
    return this.rules;
  }

  /**
   * The problems a write of `written` onto a record holding `existing` (null when it is being created) has.
   * A rule is looked at when the write touches its property or its condition's property, or creates the record.
   */
  check(type: ObjectType, existing: Readonly<Record<string, string>> | null, written: Readonly<Record<string, string>>): PropertyValueError[] {
    const after = { ...(existing ?? {}), ...written };
    const problems: PropertyValueError[] = [];
    for (const rule of this.rules) {
      if (rule.objectType !== type) continue;
      if (rule.kind === 'format') {
        const value = written[rule.property];
        if (value === undefined || value === '' || new RegExp(rule.pattern).test(value)) continue;
        problems.push({
          name: rule.property,
          error: 'INVALID_FORMAT',
          message: rule.message ?? `"${value}" does not match the format this portal requires for ${rule.property}.`,
        });
        continue;
      }
      if (rule.onCreateOnly && existing !== null) continue;
      const touched = existing === null || rule.property in written || (rule.when !== undefined && rule.when.property in written);
      if (!touched) continue;
      if (rule.when && after[rule.when.property] !== rule.when.equals) continue;
      if ((after[rule.property] ?? '') !== '') continue;
      problems.push({
        name: rule.property,
        error: 'REQUIRED_PROPERTY',
        message:
          rule.message ??
          (rule.when
            ? `${rule.property} is required when ${rule.when.property} is ${rule.when.equals}.`
            : `${rule.property} is required.`),
      });
    }
    return problems;
  }
}

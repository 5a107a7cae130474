/**
 * Pure helpers of the settings form: read and replace a value deep inside the model (immutably), decide which parts
 * of the model are one field, and attach validation issues to the field (or section) they are about.
 * A path is a list of keys and indices; its text form joins them with dots (the contract's `SettingsIssue.path`).
 */
import type { JsonValue, ModelJson, SettingsIssue } from '@keyline/contract/settings-contract';
import { toIssuePath } from '@keyline/contract/settings-contract';

export type PathSegment = string | number;
export type ModelPath = readonly PathSegment[];

export function isJsonObject(value: JsonValue | undefined): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A list edited as one field: strings (one per line or a multi-select) or numbers (comma-separated). */
export function isListField(value: JsonValue): value is string[] | number[] {
  if (!Array.isArray(value)) return false;
  return value.every((item) => typeof item === 'string') || value.every((item) => typeof item === 'number');
}

/** Returns a copy of `root` with the value at `path` replaced; every container along the way is copied. */
export function setAt(root: ModelJson, path: ModelPath, value: JsonValue): ModelJson {
  const [head, ...rest] = path;
  if (head === undefined) return root;
  const replace = (container: JsonValue | undefined, segments: ModelPath): JsonValue => {
    const [segment, ...tail] = segments;
    if (segment === undefined) return value;
    if (Array.isArray(container) && typeof segment === 'number') {
      const copy = [...container];
      copy[segment] = replace(container[segment], tail);
      return copy;
    }
    const object = isJsonObject(container) ? container : {};
    return { ...object, [String(segment)]: replace(object[String(segment)], tail) };
  };
  return { ...root, [String(head)]: replace(root[String(head)], rest) };
}

/** The text path of every part of the model the form shows (sections, fields; not the items of list fields). */
export function shownPaths(model: ModelJson): string[] {
  const paths: string[] = [];
  const visit = (value: JsonValue, path: PathSegment[]) => {
    paths.push(toIssuePath(path));
    if (isListField(value)) return;
    if (Array.isArray(value)) value.forEach((item, index) => visit(item, [...path, index]));
    else if (isJsonObject(value)) Object.entries(value).forEach(([key, child]) => visit(child, [...path, key]));
  };
  Object.entries(model).forEach(([key, value]) => visit(value, [key]));
  return paths;
}

/**
 * Groups issue messages by the shown path they belong to: the exact path, else its nearest shown ancestor
 * (`requiredRoles.tier_1.3` → the `requiredRoles.tier_1` field); issues about nothing shown go under `''`.
 */
export function issuesByPath(issues: readonly SettingsIssue[], model: ModelJson): Map<string, string[]> {
  const shown = new Set(shownPaths(model));
  const grouped = new Map<string, string[]>();
  for (const issue of issues) {
    const segments = issue.path.split('.').filter((segment) => segment !== '');
    let target = '';
    for (let length = segments.length; length > 0; length -= 1) {
      const candidate = segments.slice(0, length).join('.');
      if (shown.has(candidate)) {
        target = candidate;
        break;
      }
    }
    grouped.set(target, [...(grouped.get(target) ?? []), issue.message]);
  }
  return grouped;
}

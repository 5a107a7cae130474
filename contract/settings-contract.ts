/**
 * The settings API contract: what `GET/PUT /api/v1/settings` and `POST /api/v1/settings/preview` exchange.
 * One set of schemas, used by the backend (to validate and type its input and output) and by the settings page (to
 * validate what arrives).
 *
 * The scoring model itself travels as plain JSON: the backend's scoring-model schema is its single source of truth,
 * and the settings page renders whatever shape it receives (numbers, strings, lists, nested sections) without a copy
 * of that schema. Validation issues point into the model with a dot-separated path (`weights.recurring_revenue`,
 * `anchors.recurring_revenue.2.points`); build it with `toIssuePath` from a zod issue's `path`.
 */
import { z } from 'zod';
import { tierSchema } from './account-view';

/** Any JSON value (the scoring model's leaves and branches). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export const jsonValueSchema: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(jsonValueSchema),
    z.record(z.string(), jsonValueSchema),
  ]),
);

/** The scoring model as JSON: an object whose shape the backend's model schema defines. */
export const modelJsonSchema = z.record(z.string(), jsonValueSchema);
export type ModelJson = z.infer<typeof modelJsonSchema>;

/** A saved version's identifier (the model hash or a sequence number; the page only echoes it back). */
export const settingsVersionSchema = z.union([z.string().min(1), z.number().int()]);
export type SettingsVersion = z.infer<typeof settingsVersionSchema>;

export const settingsIssueSchema = z.object({ path: z.string(), message: z.string() });
export type SettingsIssue = z.infer<typeof settingsIssueSchema>;

export const settingsHistoryEntrySchema = z.object({
  version: settingsVersionSchema,
  savedAt: z.string().datetime({ offset: true }),
  savedBy: z.string().nullable().optional(),
});
export type SettingsHistoryEntry = z.infer<typeof settingsHistoryEntrySchema>;

/** `GET /api/v1/settings` (200) and `PUT /api/v1/settings` (200): the current model, the defaults, saved versions. */
export const settingsResponseSchema = z.object({
  version: settingsVersionSchema,
  model: modelJsonSchema,
  defaults: modelJsonSchema,
  history: z.array(settingsHistoryEntrySchema),
  /**
   * Optional: the allowed values of enumerated settings, by path with `*` for list indices
   * (`{ "capacity.policy": ["flag", "cap"], "stakeholders.level_rules.*.level": ["executive", …] }`); the page then
   * offers a select instead of free text.
   */
  choices: z.record(z.string(), z.array(z.string())).optional(),
});
export type SettingsResponse = z.infer<typeof settingsResponseSchema>;

/** `POST /api/v1/settings/preview` body. */
export const settingsPreviewRequestSchema = z.object({ model: modelJsonSchema }).strict();
export type SettingsPreviewRequest = z.infer<typeof settingsPreviewRequestSchema>;

export const tierTransitionSchema = z.object({
  from: tierSchema,
  to: tierSchema,
  count: z.number().int().min(0),
});

/**
 * `POST /api/v1/settings/preview` (200): whether the model is valid (with issues by path when it is not) and how many
 * accounts would change tier under it. When `valid` is false the preview counts are zero.
 */
export const settingsPreviewResponseSchema = z.object({
  valid: z.boolean(),
  issues: z.array(settingsIssueSchema),
  preview: z.object({
    accountsEvaluated: z.number().int().min(0),
    tierChanges: z.number().int().min(0),
    byTransition: z.array(tierTransitionSchema),
  }),
});
export type SettingsPreviewResponse = z.infer<typeof settingsPreviewResponseSchema>;

/**
 * `PUT /api/v1/settings` body: the new model and the version it was edited from. The backend answers 409
 * (`{ error: { code: "version_conflict" } }`) when someone saved another version meanwhile, and 400
 * (`{ error: { code: "invalid_settings", details: [{ path, message }] } }`) when the model is invalid.
 */
export const saveSettingsRequestSchema = z
  .object({ model: modelJsonSchema, expectedVersion: settingsVersionSchema })
  .strict();
export type SaveSettingsRequest = z.infer<typeof saveSettingsRequestSchema>;

/** Error codes of the settings endpoints the page handles specially. */
export const SETTINGS_ERROR_CODES = { conflict: 'version_conflict', invalid: 'invalid_settings' } as const;

/** The path format of `SettingsIssue.path`: zod's issue path joined with dots (`["weights", "geo_focus"]` → `weights.geo_focus`). */
export function toIssuePath(path: readonly PropertyKey[]): string {
  return path.map((segment) => String(segment)).join('.');
}

/**
 * What HubSpot says went wrong, parsed with zod: the per-input errors of a batch answer (2026-09 sends them inside its
 * 200/201 body, v3 sent a 207), and the property values a write was refused for. From 2026-09 HubSpot enforces the
 * portal's own validation rules (required and conditionally required properties, formats) on every API write and
 * answers 400 VALIDATION_ERROR, naming each refused property in `errors[]` ({code, message, context.propertyName})
 * and, as it always did, in the message ("Property values were not valid: [{…, "error", "name"}]").
 * https://developers.hubspot.com/changelog/crm-api-write-validation-enforcement
 */
import { z } from 'zod';
import type { WriteRefusal } from './gateway';
import { hubSpotBatchErrorSchema } from './hubspot-records';

export interface BatchError {
  message: string;
  /** The inputs it is about (record ids, or the ids of the `from` records of an association read). */
  ids: string[];
  category: string | undefined;
  /** Property values refused (a validation error). */
  refusals: WriteRefusal[];
}

const invalidValueSchema = z.object({
  name: z.string(),
  error: z.string().optional().catch(undefined),
  message: z.string().optional().catch(undefined),
});

/** The refused property values an error body names: its `errors[]` first, else the JSON list in its message. */
export function refusalsOf(body: unknown): WriteRefusal[] {
  const parsed = hubSpotBatchErrorSchema.safeParse(body);
  if (!parsed.success || parsed.data.category !== 'VALIDATION_ERROR') return [];
  const fromDetails = (parsed.data.errors ?? []).flatMap((d) =>
    (d.context?.['propertyName'] ?? []).map((property) => ({ property, rule: d.code ?? 'VALIDATION_ERROR', message: d.message ?? '' })),
  );
  if (fromDetails.length > 0) return fromDetails;
  const list = /Property values were not valid: (\[.*\])/s.exec(parsed.data.message ?? '')?.[1];
  if (!list) return [];
  try {
    const values = z.array(invalidValueSchema).safeParse(JSON.parse(list));
    return values.success ? values.data.map((v) => ({ property: v.name, rule: v.error ?? 'VALIDATION_ERROR', message: v.message ?? '' })) : [];
  } catch {
    return [];
  }
}

/** The per-input errors of a batch answer (empty when there are none or the body is not a batch answer). */
export function batchErrorsOf(rawErrors: readonly unknown[] | undefined): BatchError[] {
  return (rawErrors ?? []).map((e) => {
    const parsed = hubSpotBatchErrorSchema.safeParse(e);
    if (!parsed.success) return { message: 'error', ids: [], category: undefined, refusals: [] };
    const ctx = parsed.data.context ?? {};
    return {
      message: parsed.data.message ?? 'error',
      ids: [...(ctx['ids'] ?? []), ...(ctx['fromObjectId'] ?? []), ...(ctx['id'] ?? [])],
      category: parsed.data.category,
      refusals: refusalsOf(e),
    };
  });
}

/** One line for a run record: which property values the portal's rules refused, and why. */
export function describeRefusals(refusals: readonly WriteRefusal[]): string {
  return `refused by the portal's validation rules: ${refusals.map((r) => `${r.property} (${r.rule}${r.message ? `: ${r.message}` : ''})`).join('; ')}`;
}

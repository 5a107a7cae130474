/**
 * Raw HubSpot records and pages as they arrive (HubSpot's 2026-09 shapes), parsed with zod at the edge. Property values are strings,
 * nulls or junk until the mappers (./to-*.ts) parse them; these schemas only guarantee the shape.
 */
import { z } from 'zod';

/** A property value: HubSpot sends strings or null; anything else is turned into a string or dropped. */
const propertyValue = z.preprocess(
  (v) => (v === undefined || v === null ? null : typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : null),
  z.string().nullable(),
);

export const hubSpotObjectSchema = z.object({
  id: z.coerce.string().regex(/^\d+$/, 'must be a numeric record id'),
  properties: z.record(z.string(), propertyValue).catch({}),
  archived: z.boolean().optional().catch(false),
});
export type HubSpotObject = z.infer<typeof hubSpotObjectSchema>;

export type HubSpotCompany = HubSpotObject;
export type HubSpotContact = HubSpotObject;
export type HubSpotDeal = HubSpotObject;
/** A call, email or meeting. */
export type HubSpotEngagement = HubSpotObject;
export type HubSpotTask = HubSpotObject;
/** Outcomes (issue #15): a product of the library, a line item of a deal, a survey answer. */
export type HubSpotProduct = HubSpotObject;
export type HubSpotLineItem = HubSpotObject;
export type HubSpotFeedbackSubmission = HubSpotObject;

export const hubSpotPagingSchema = z
  .object({ next: z.object({ after: z.coerce.string() }).optional() })
  .optional()
  .catch(undefined);

/**
 * A page of a list, a search or a batch answer: its raw results (each parsed on its own, so one bad record does not
 * lose the page), the cursor to the next page, a search's total, and a batch's per-input errors (2026-09 answers
 * them inside its 200/201 body; v3 answered 207).
 */
export const hubSpotPageSchema = z.object({
  results: z.array(z.unknown()).catch([]),
  paging: hubSpotPagingSchema,
  total: z.number().optional().catch(undefined),
  errors: z.array(z.unknown()).optional().catch(undefined),
});
export type HubSpotPage = z.infer<typeof hubSpotPageSchema>;

/** A page, or an empty one when HubSpot sent something else (a body that is not an object). */
export function parsePage(body: unknown): HubSpotPage {
  const parsed = hubSpotPageSchema.safeParse(body ?? {});
  return parsed.success ? parsed.data : { results: [], paging: undefined, total: undefined, errors: undefined };
}

/** The cursor of the next page, if any. */
export function nextAfter(page: HubSpotPage): string | undefined {
  return page.paging?.next?.after;
}

/** One row of an association batch read. */
export const hubSpotAssociationRowSchema = z.object({
  _from: z.object({ id: z.coerce.string() }).optional(),
  from: z.object({ id: z.coerce.string() }).optional(),
  to: z
    .array(
      z.object({
        toObjectId: z.coerce.string(),
        associationTypes: z
          .array(
            z.object({
              category: z.string().optional().catch(undefined),
              typeId: z.coerce.number().optional().catch(undefined),
              label: z.string().nullable().optional().catch(null),
            }),
          )
          .catch([]),
      }),
    )
    .catch([]),
  paging: hubSpotPagingSchema,
});
export type HubSpotAssociationRow = z.infer<typeof hubSpotAssociationRowSchema>;

export const hubSpotPipelineSchema = z.object({
  id: z.coerce.string(),
  stages: z
    .array(
      z.object({
        id: z.coerce.string(),
        label: z.string().optional().catch(undefined),
        metadata: z.record(z.string(), z.unknown()).catch({}),
      }),
    )
    .catch([]),
});
export type HubSpotPipeline = z.infer<typeof hubSpotPipelineSchema>;

export const hubSpotPropertyGroupSchema = z.object({
  name: z.string(),
  label: z.string().optional().catch(undefined),
});
export type HubSpotPropertyGroup = z.infer<typeof hubSpotPropertyGroupSchema>;

/** A name part or email: a string, or null when missing or junk. */
const ownerText = z.string().nullable().optional().catch(null).transform((v) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null));

/** One owner of `GET /crm/owners/2026-09` (PublicOwner): the id, and the name and email a person is shown by. */
export const hubSpotOwnerSchema = z.object({
  id: z.coerce.string(),
  firstName: ownerText,
  lastName: ownerText,
  email: ownerText,
});
export type HubSpotOwner = z.infer<typeof hubSpotOwnerSchema>;

/** The account a token belongs to (`GET /account-info/2026-09/details`). */
export const hubSpotAccountDetailsSchema = z.object({ portalId: z.coerce.string().regex(/^\d+$/, 'must be a numeric account id') });

export const hubSpotPropertySchema = z.object({
  name: z.string(),
  label: z.string().optional().catch(undefined),
  type: z.string(),
  fieldType: z.string().optional().catch(undefined),
  groupName: z.string().optional().catch(undefined),
  description: z.string().optional().catch(undefined),
  options: z
    .array(z.object({ value: z.string(), label: z.string().optional().catch(undefined), hidden: z.boolean().optional().catch(undefined) }))
    .optional()
    .catch([]),
});
export type HubSpotProperty = z.infer<typeof hubSpotPropertySchema>;

/** One detail of an error (`errors[]` of HubSpot's Error and StandardError): which property, which rule. */
export const hubSpotErrorDetailSchema = z.object({
  message: z.string().optional().catch(undefined),
  code: z.string().optional().catch(undefined),
  context: z.record(z.string(), z.array(z.coerce.string())).optional().catch(undefined),
});
export type HubSpotErrorDetail = z.infer<typeof hubSpotErrorDetailSchema>;

/** A per-input error of a batch answer (StandardError), or the body of a whole failed request (Error). */
export const hubSpotBatchErrorSchema = z.object({
  message: z.string().optional().catch(undefined),
  category: z.string().optional().catch(undefined),
  context: z.record(z.string(), z.array(z.coerce.string())).optional().catch(undefined),
  errors: z.array(hubSpotErrorDetailSchema).optional().catch(undefined),
});
export type HubSpotBatchError = z.infer<typeof hubSpotBatchErrorSchema>;

/** Parses a list of raw objects; returns the good ones and the ids (where known) of the bad ones. */
export function parseObjects(raw: unknown): { records: HubSpotObject[]; bad: { id: string | null; message: string }[] } {
  const records: HubSpotObject[] = [];
  const bad: { id: string | null; message: string }[] = [];
  for (const item of Array.isArray(raw) ? raw : []) {
    const parsed = hubSpotObjectSchema.safeParse(item);
    if (parsed.success) records.push(parsed.data);
    else {
      const id = item && typeof item === 'object' && 'id' in item ? String((item as { id: unknown }).id) : null;
      bad.push({ id, message: `unreadable record: ${parsed.error.issues.map((i) => i.message).join('; ')}` });
    }
  }
  return { records, bad };
}

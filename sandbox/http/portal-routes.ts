/**
 * Owners, deal pipelines, lists and the account's details: the portal-level endpoints Keyline reads (and `setup`
 * writes, for lists), on the 2026-09 paths (and the v3 ones).
 * https://developers.hubspot.com/docs/api-reference/latest/crm/owners/guide ·
 * https://developers.hubspot.com/docs/api-reference/latest/crm/pipelines/guide ·
 * https://developers.hubspot.com/docs/api-reference/latest/crm/lists/guide ·
 * https://developers.hubspot.com/docs/api-reference/latest/account/account-info/guide
 */
import { OBJECT_TYPE_IDS, OBJECT_TYPES } from '../object-types';
import { DEAL_PIPELINES, type PipelineDef } from '../portfolio/deal-pipelines';
import type { GeneratedOwner } from '../portfolio/generate-portfolio';
import type { ListDef } from '../sandbox-store';
import { BASES, under } from './api-paths';
import { HubSpotError, errorBody, notFound, validationError } from './hubspot-errors';
import { boolParam, bodyField, intParam, stringParam } from './object-shapes';
import type { Route, RouteContext, RouteResult } from './route-table';

const EPOCH = '1970-01-01T00:00:00.000Z';

function publicOwner(o: GeneratedOwner): Record<string, unknown> {
  const at = new Date(o.createdAt).toISOString();
  return {
    id: o.id,
    email: o.email,
    firstName: o.firstName,
    lastName: o.lastName,
    userId: o.userId,
    userIdIncludingInactive: o.userId,
    type: 'PERSON',
    createdAt: at,
    updatedAt: at,
    archived: false,
    teams: [{ id: '5000001', name: 'Key Accounts', primary: true }],
  };
}

function listOwners(ctx: RouteContext): RouteResult {
  const limit = Math.min(500, Math.max(1, intParam(ctx.query['limit'], 100, 'limit')));
  const after = intParam(ctx.query['after'], 0, 'after');
  const email = stringParam(ctx.query['email']);
  if (boolParam(ctx.query['archived'])) return { status: 200, body: { results: [] } };
  const all = ctx.store.owners().filter((o) => !email || o.email === email.toLowerCase());
  const page = all.slice(after, after + limit);
  return {
    status: 200,
    body: { results: page.map(publicOwner), ...(after + limit < all.length ? { paging: { next: { after: String(after + limit) } } } : {}) },
  };
}

function getOwner(ctx: RouteContext): RouteResult {
  const o = ctx.store.owners().find((x) => x.id === ctx.params['ownerId']);
  if (!o) throw notFound(`Owner ${ctx.params['ownerId'] ?? ''} not found`);
  return { status: 200, body: publicOwner(o) };
}

function publicPipeline(p: PipelineDef): Record<string, unknown> {
  return {
    id: p.id,
    label: p.label,
    displayOrder: p.displayOrder,
    archived: false,
    createdAt: EPOCH,
    updatedAt: EPOCH,
    stages: p.stages.map((s, i) => ({
      id: s.id,
      label: s.label,
      displayOrder: i,
      archived: false,
      createdAt: EPOCH,
      updatedAt: EPOCH,
      writePermissions: 'CRM_PERMISSIONS_ENFORCEMENT',
      metadata: { isClosed: String(s.isClosed), probability: String(s.probability) },
    })),
  };
}

function pipelinesOf(ctx: RouteContext): PipelineDef[] {
  const t = ctx.params['objectType'] ?? '';
  if (t === 'deals' || t === 'deal' || t === '0-3') return [...DEAL_PIPELINES];
  if (t === 'tickets' || t === '0-5') return [];
  throw validationError(`Object type ${t} does not support pipelines`);
}

function listPipelines(ctx: RouteContext): RouteResult {
  return { status: 200, body: { results: pipelinesOf(ctx).map(publicPipeline) } };
}

function getPipeline(ctx: RouteContext): RouteResult {
  const p = pipelinesOf(ctx).find((x) => x.id === ctx.params['pipelineId']);
  if (!p) throw notFound(`Pipeline ${ctx.params['pipelineId'] ?? ''} not found`);
  return { status: 200, body: publicPipeline(p) };
}

function getStages(ctx: RouteContext): RouteResult {
  const p = pipelinesOf(ctx).find((x) => x.id === ctx.params['pipelineId']);
  if (!p) throw notFound(`Pipeline ${ctx.params['pipelineId'] ?? ''} not found`);
  return { status: 200, body: { results: (publicPipeline(p)['stages'] as unknown[]) } };
}

function publicList(l: ListDef): Record<string, unknown> {
  return {
    listId: l.listId,
    listVersion: l.listVersion,
    name: l.name,
    objectTypeId: l.objectTypeId,
    processingType: l.processingType,
    processingStatus: 'COMPLETE',
    createdAt: l.createdAt,
    updatedAt: l.updatedAt,
    filtersUpdatedAt: l.updatedAt,
    createdById: '9100001',
    updatedById: '9100001',
    size: 0,
  };
}

const KNOWN_TYPE_IDS = new Set<string>(OBJECT_TYPES.map((t) => OBJECT_TYPE_IDS[t]));

function createList(ctx: RouteContext): RouteResult {
  const name = bodyField(ctx.body, 'name');
  const objectTypeId = bodyField(ctx.body, 'objectTypeId');
  const processingType = bodyField(ctx.body, 'processingType');
  if (typeof name !== 'string' || name.trim() === '') throw validationError('Invalid input JSON: "name" is required');
  if (typeof objectTypeId !== 'string' || !KNOWN_TYPE_IDS.has(objectTypeId)) throw validationError(`Invalid objectTypeId: ${String(objectTypeId)}`);
  if (processingType !== 'MANUAL' && processingType !== 'DYNAMIC' && processingType !== 'SNAPSHOT') {
    throw validationError(`Invalid processingType: ${String(processingType)}; one of MANUAL, DYNAMIC, SNAPSHOT`);
  }
  if ([...ctx.store.lists.values()].some((l) => l.name.toLowerCase() === name.toLowerCase())) {
    throw new HubSpotError(409, errorBody(`A list named "${name}" already exists.`, 'CONFLICT', { subCategory: 'ILS.LIST_NAME_ALREADY_EXISTS' }));
  }
  const filterBranch = bodyField(ctx.body, 'filterBranch');
  const list = ctx.store.createList({ name, objectTypeId, processingType, ...(filterBranch !== undefined ? { filterBranch } : {}) });
  return { status: 200, body: { list: publicList(list) } };
}

function getListByName(ctx: RouteContext): RouteResult {
  const name = (ctx.params['listName'] ?? '').toLowerCase();
  const l = [...ctx.store.lists.values()].find((x) => x.objectTypeId === ctx.params['objectTypeId'] && x.name.toLowerCase() === name);
  if (!l) throw notFound(`List with name ${ctx.params['listName'] ?? ''} does not exist.`);
  return { status: 200, body: { list: publicList(l) } };
}

/** The account the token belongs to: its id, time zone and currency (PortalInformationResponse). */
function accountDetails(ctx: RouteContext): RouteResult {
  return {
    status: 200,
    body: {
      portalId: Number(ctx.portalId),
      accountType: 'STANDARD',
      timeZone: 'Europe/Lisbon',
      companyCurrency: 'EUR',
      additionalCurrencies: [],
      utcOffset: '+00:00',
      utcOffsetMilliseconds: 0,
      uiDomain: 'app-eu1.hubspot.com',
      dataHostingLocation: 'eu1',
    },
  };
}

export const portalRoutes: Route[] = [
  { method: 'GET', paths: BASES.owners, handle: listOwners },
  { method: 'GET', paths: under(BASES.owners, '/:ownerId'), handle: getOwner },
  { method: 'GET', paths: BASES.pipelines, handle: listPipelines },
  { method: 'GET', paths: under(BASES.pipelines, '/:pipelineId'), handle: getPipeline },
  { method: 'GET', paths: under(BASES.pipelines, '/:pipelineId/stages'), handle: getStages },
  { method: 'POST', paths: BASES.lists, write: true, handle: createList },
  { method: 'GET', paths: under(BASES.lists, '/object-type-id/:objectTypeId/name/:listName'), handle: getListByName },
  { method: 'GET', paths: under(BASES.accountInfo, '/details'), handle: accountDetails },
];

// Staff, sites and templates are lists of items with ids in the service file: one set of CRUD routes each.
import type { FastifyInstance } from 'fastify';
import type { Access } from '../access.ts';
import { idParams, type RoutePlugin } from '../context.ts';
import { errors, fileRef, ref } from '../schemas.ts';
import type { ListKind } from '../../services/service-data.ts';

interface ItemRoutes {
  kind: ListKind;
  tag: string;
  /** Path parameter naming the item, e.g. staffId (worker:self relies on this name for staff). */
  param: string;
  definition: string;
  noun: string;
  readList: Access;
  readOne: Access;
  /** PascalCase names for operationIds, e.g. Staff / StaffMember. */
  many: string;
  one: string;
}

/** What every route of one kind shares: the spec and its two paths. */
interface Kind extends ItemRoutes {
  readonly collection: string;
  readonly item: string;
}

type P = { serviceId: string } & Record<string, string>;

export function itemRoutes(spec: ItemRoutes): RoutePlugin {
  const collection = `/services/:serviceId/${spec.kind}`;
  const k: Kind = { ...spec, collection, item: `${collection}/:${spec.param}` };
  return async (app) => {
    listRoute(app, k);
    createRoute(app, k);
    getRoute(app, k);
    replaceRoute(app, k);
    removeRoute(app, k);
    restoreRoute(app, k);
  };
}

/** The list of active items. */
function listRoute(app: FastifyInstance, k: Kind): void {
  const { kind, tag, definition, noun, many, collection } = k;
  app.get<{ Params: P }>(collection, {
    config: { access: k.readList },
    schema: {
      tags: [tag],
      summary: `List ${kind}`,
      operationId: `list${many}`,
      description: `Every active ${noun} of the service, in file order (archived ones are listed by GET /services/{serviceId}/archived).`,
      params: idParams('serviceId'),
      response: { 200: { type: 'array', items: fileRef(definition) }, ...errors(404) },
    },
    handler: async (request) => app.ctx.data.list(request.params.serviceId, kind),
  });
}

/** Adds an item (201 with its Location). */
function createRoute(app: FastifyInstance, k: Kind): void {
  const { kind, tag, definition, noun, one, collection } = k;
  app.post<{ Params: P; Body: any }>(collection, {
    config: { access: ['manager'] },
    schema: {
      tags: [tag],
      summary: `Add a ${noun}`,
      operationId: `create${one}`,
      description: `Checked against the whole service (every reference must resolve); answers 201 with a Location header. An id already used, even by an archived ${noun}, is refused with 409: ids are never reused.`,
      params: idParams('serviceId'),
      body: fileRef(definition),
      response: { 201: fileRef(definition), ...errors(404, 409, 413) },
    },
    handler: async (request, reply) => {
      const created = app.ctx.data.create(app.actorOf(request), request.params.serviceId, kind, request.body as never);
      const where = `/services/${encodeURIComponent(request.params.serviceId)}/${kind}/${encodeURIComponent(created.id)}`;
      return reply.status(201).header('location', where).send(created);
    },
  });
}

/** One item. */
function getRoute(app: FastifyInstance, k: Kind): void {
  const { kind, tag, param, definition, noun, one, item } = k;
  app.get<{ Params: P }>(item, {
    config: { access: k.readOne },
    schema: {
      tags: [tag],
      summary: `Get one ${noun}`,
      operationId: `get${one}`,
      description: kind === 'staff' ? 'A worker may read only their own record. An archived staff member is 404, saying so.' : `An archived ${noun} is 404, saying so.`,
      params: idParams('serviceId', param),
      response: { 200: fileRef(definition), ...errors(404) },
    },
    handler: async (request) => app.ctx.data.get(request.params.serviceId, kind, request.params[param]),
  });
}

/** Replaces an item. */
function replaceRoute(app: FastifyInstance, k: Kind): void {
  const { kind, tag, param, definition, noun, one, item } = k;
  app.put<{ Params: P; Body: any }>(item, {
    config: { access: ['manager'] },
    schema: {
      tags: [tag],
      summary: `Replace a ${noun}`,
      operationId: `replace${one}`,
      description: `The body is the whole ${noun}, its id the one in the path; checked against the whole service. Stored rotas are rescored on their next read.`,
      params: idParams('serviceId', param),
      body: fileRef(definition),
      response: { 200: fileRef(definition), ...errors(404, 409, 413) },
    },
    handler: async (request) =>
      app.ctx.data.replace(app.actorOf(request), request.params.serviceId, kind, request.params[param], request.body as never),
  });
}

/** Removes an item, or archives it while anything refers to it. */
function removeRoute(app: FastifyInstance, k: Kind): void {
  const { kind, tag, param, noun, one, item } = k;
  app.delete<{ Params: P; Querystring: { reason?: string } }>(item, {
    config: { access: ['manager'] },
    schema: {
      tags: [tag],
      summary: `Remove a ${noun} (archived while anything refers to it)`,
      operationId: `remove${one}`,
      description:
        `Refused with 409 while the service's own data uses it. A ${noun} that rotas, offers, payroll` +
        (kind === 'staff' ? ', tokens or calendar feeds' : '') +
        ' still refer to is archived, not deleted: it leaves planning, lists and exports, history keeps it, and its id is never given to anyone else' +
        (kind === 'staff' ? '; their tokens, calendar feeds and waiting offers end at once' : '') +
        '. The answer says which happened and what holds it.',
      params: idParams('serviceId', param),
      querystring: ref('services', 'DeleteQuery'),
      response: { 200: ref('services', 'Removed'), ...errors(404, 409) },
    },
    handler: async (request) =>
      app.ctx.data.remove(app.actorOf(request), request.params.serviceId, kind, request.params[param], request.query.reason),
  });
}

/** Restores an archived item. */
function restoreRoute(app: FastifyInstance, k: Kind): void {
  const { kind, tag, param, definition, noun, one, item } = k;
  app.post<{ Params: P }>(`${item}/restore`, {
    config: { access: ['manager'] },
    schema: {
      tags: [tag],
      summary: `Restore an archived ${noun} as it was`,
      operationId: `restore${one}`,
      description: `The same ${noun} comes back under its id, checked against the service as it is now (409 if it no longer fits).` +
        (kind === 'staff' ? ' Tokens revoked when they were archived stay revoked: make a new one.' : ''),
      params: idParams('serviceId', param),
      response: { 200: fileRef(definition), ...errors(404, 409) },
    },
    handler: async (request) => app.ctx.data.restore(app.actorOf(request), request.params.serviceId, kind, request.params[param]),
  });
}

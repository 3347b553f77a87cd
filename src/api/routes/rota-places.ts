// Changing places by hand: add, give to another, take off, several as one (or a dry run), pin, unpin.
import { BadRequestError } from '../../services/errors.ts';
import { MANAGER } from '../access.ts';
import type { FastifyInstance } from 'fastify';
import type { RoutePlugin } from '../context.ts';
import { errors, ref } from '../schemas.ts';
import type { ChangesInput } from '../../services/rota-service.ts';
import { assignmentParams, rotaParams, type AssignmentP, type RotaP } from './rota-common.ts';

export const rotaPlacesRoutes: RoutePlugin = async (app) => {
  addPlaceRoute(app);
  changePlaceRoute(app);
  removePlaceRoute(app);
  changePlacesRoute(app);
  pinRoutes(app);
};

/** Adds a worker to a place. */
function addPlaceRoute(app: FastifyInstance): void {
  app.post<{ Params: RotaP; Body: { slotId: string; roleId: string; staffId: string; reason: string; override?: boolean; pinned?: boolean } }>(
    '/rotas/:id/assignments',
    {
      config: { access: MANAGER },
      schema: {
        tags: ['rotas'],
        summary: 'Place a worker by hand (pinned unless pinned: false)', operationId: 'addAssignment',
        description: 'A change that breaks a hard rule is refused with 409 and the rule in words, unless override is true (recorded).',
        params: rotaParams,
        body: ref('rotas', 'AddAssignment'),
        response: { 201: ref('rotas', 'Assignment'), ...errors(404, 409, 413) },
      },
      handler: async (request, reply) =>
        reply.status(201).send(app.ctx.rotas.addAssignment(app.actorOf(request), request.params.id, request.body)),
    },
  );
}

/** Gives a place to another worker. */
function changePlaceRoute(app: FastifyInstance): void {
  app.patch<{ Params: AssignmentP; Body: { staffId: string; reason: string; override?: boolean } }>(
    '/rotas/:id/assignments/:assignmentId',
    {
      config: { access: MANAGER },
      schema: {
        tags: ['rotas'],
        summary: 'Give a place to another worker (with a reason; the place becomes pinned)', operationId: 'changeAssignment', description: 'Moves the place to another worker. Refused with 409 and the rule in words when the new worker would break a hard rule, unless override is true (recorded in the audit log).',
        params: assignmentParams,
        body: ref('rotas', 'ChangeAssignment'),
        response: { 200: ref('rotas', 'Assignment'), ...errors(404, 409, 413) },
      },
      handler: async (request) =>
        app.ctx.rotas.changeAssignment(app.actorOf(request), request.params.id, request.params.assignmentId, request.body),
    },
  );
}

/** Takes a worker off a place. */
function removePlaceRoute(app: FastifyInstance): void {
  app.delete<{ Params: AssignmentP; Body: { reason?: string; override?: boolean } }>('/rotas/:id/assignments/:assignmentId', {
    config: { access: MANAGER },
    schema: {
      tags: ['rotas'],
      summary: 'Take a worker off a place (with a reason)', operationId: 'removeAssignment', description: 'The reason is required, in the body or as ?reason= (so a bare DELETE works). Refused with 409 when it leaves a session below its minimum cover, unless override is true.',
      params: assignmentParams,
      body: ref('rotas', 'RemoveAssignment'),
      response: { 200: ref('common', 'Deleted'), ...errors(404, 409, 413) },
    },
    handler: async (request) => {
      const actor = app.actorOf(request);
      const reason = request.body.reason ?? actor.reason;
      if (reason === undefined) {
        throw new BadRequestError('say why the worker comes off the place', [
          { path: 'body.reason', message: 'is required (in the body, or as ?reason=)' },
        ]);
      }
      app.ctx.rotas.removeAssignment(actor, request.params.id, request.params.assignmentId, { ...request.body, reason });
      return { deleted: true };
    },
  });
}

/** Several places changed as one, or only checked (dryRun). */
function changePlacesRoute(app: FastifyInstance): void {
  app.post<{ Params: RotaP; Body: ChangesInput }>('/rotas/:id/changes', {
    config: { access: MANAGER },
    schema: {
      tags: ['rotas'],
      summary: 'Change several places as one (move a worker, swap two, apply a suggested move), or check a change first (dryRun)',
      operationId: 'changePlaces',
      description:
        'Takes workers off the places named in remove and puts workers in the places in add, judged as one change (a swap is not refused for the moment in between). ' +
        'With dryRun: true nothing is saved and the answer says which hard rules the change breaks and the refusal it would get. ' +
        'Otherwise a change that breaks a hard rule is refused with 409 and the rules in words, unless override is true (recorded with the reason). ' +
        'New places are pinned; a bank worker placed is proposed (nothing is theirs until they accept an offer).',
      params: rotaParams,
      body: ref('rotas', 'PlaceChanges'),
      response: { 200: ref('rotas', 'PlaceChangesResult'), ...errors(404, 409, 413) },
    },
    handler: async (request) => app.ctx.rotas.changePlaces(app.actorOf(request), request.params.id, request.body),
  });
}

/** Pins and unpins a place. */
function pinRoutes(app: FastifyInstance): void {
  for (const pinned of [true, false]) {
    app.post<{ Params: AssignmentP; Body: { reason?: string } | undefined }>(
      `/rotas/:id/assignments/:assignmentId/${pinned ? 'pin' : 'unpin'}`,
      {
        config: { access: MANAGER },
        schema: {
          tags: ['rotas'],
          summary: pinned ? 'Pin a place: re-plans keep it' : 'Unpin a place: re-plans may move it', operationId: pinned ? 'pinAssignment' : 'unpinAssignment', description: pinned ? 'A pinned place survives re-plans unchanged (manual and accepted places are pinned already). No body is needed.' : 'The next re-plan may move the place if that gives a better rota. No body is needed.',
          params: assignmentParams,
          body: ref('rotas', 'PinBody'),
          response: { 200: ref('rotas', 'Assignment'), ...errors(404, 409, 413) },
        },
        handler: async (request) =>
          app.ctx.rotas.setPinned(app.actorOf(request), request.params.id, request.params.assignmentId, pinned, request.body?.reason),
      },
    );
  }
}

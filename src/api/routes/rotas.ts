// Rotas: generate (202, solved in a worker thread), watch the solve live and stop it, read, adjust by
// hand, pin, re-plan, publish.
import { BadRequestError } from '../../services/errors.ts';
import { openEventStream, type EventStream } from '../sse.ts';
import { EVERYONE, MANAGER } from '../access.ts';
import type { RoutePlugin } from '../context.ts';
import { errors, ref } from '../schemas.ts';
import type { ChangesInput, PublishInput } from '../../services/rota-service.ts';

type RotaP = { id: string };
type AssignmentP = { id: string; assignmentId: number };
const rotaParams = ref('rotas', 'RotaParams');
const assignmentParams = ref('rotas', 'AssignmentParams');

/** A watcher is sent the solve's state this often (time left counts down) and on every change. */
const LIVE_TICK_MS = 1000;
/** An event stream ends after this long; the browser reconnects by itself if the solve still runs. */
const LIVE_STREAM_MS = 10 * 60_000;

export const rotasRoutes: RoutePlugin = async (app) => {
  const streams = new Set<EventStream>();
  // Open streams would hold the server's close until they end.
  app.addHook('preClose', async () => {
    for (const s of [...streams]) s.end();
  });

  app.post<{ Body: { serviceId: string; weekStart: string; seed?: number } }>('/rotas', {
    config: { access: MANAGER },
    schema: {
      tags: ['rotas'],
      summary: 'Generate a weekly rota (answers at once; poll GET /rotas/:id)', operationId: 'createRota', description: 'Queues a solve of the service\'s week and answers 202 at once with a Location header; solves run one at a time in a worker thread. Poll the rota for status and best-so-far progress.',
      body: ref('rotas', 'CreateRota'),
      response: { 202: ref('rotas', 'RotaSummary'), ...errors(404, 409, 413) },
    },
    handler: async (request, reply) => {
      const created = app.ctx.rotas.create(app.actorOf(request), request.body);
      return reply.status(202).header('location', `/rotas/${encodeURIComponent(created.id)}`).send(created);
    },
  });

  app.get<{ Querystring: { serviceId?: string; weekStart?: string } }>('/rotas', {
    config: { access: EVERYONE },
    schema: {
      tags: ['rotas'],
      summary: 'List rotas (a worker sees published rotas of their own service)', operationId: 'listRotas', description: 'Rota summaries (status, published, score), filtered by service and week. A worker sees only published rotas of their own service, without scores.',
      querystring: ref('rotas', 'RotaQuery'),
      response: { 200: ref('rotas', 'RotaList'), ...errors() },
    },
    handler: async (request) => app.ctx.rotas.list(app.actorOf(request), request.query),
  });

  app.get<{ Params: RotaP }>('/rotas/:id', {
    config: { access: EVERYONE },
    schema: {
      tags: ['rotas'],
      summary: 'Status, best-so-far, the rota, unfilled places with reasons and the score by constraint', operationId: 'getRota',
      description: 'A worker sees only their own published places.',
      params: rotaParams,
      response: { 200: ref('rotas', 'Rota'), ...errors(404) },
    },
    handler: async (request) => app.ctx.rotas.get(app.actorOf(request), request.params.id),
  });

  app.get<{ Params: RotaP }>('/rotas/:id/events', {
    config: { access: MANAGER },
    schema: {
      tags: ['rotas'],
      summary: 'Watch a solve live: server-sent events with the best score so far and the time left',
      operationId: 'watchRota',
      description:
        'A text/event-stream: a "progress" event (the LiveSolve state: status, best score so far, moves, elapsed and time left) at once, on every change and every second while the solve is queued or running, ' +
        'then one "done" event with the finished state (stop says who stopped it early), and the stream ends. A rota already finished answers its "done" event at once.',
      params: rotaParams,
      response: {
        200: { description: 'text/event-stream of LiveSolve states (see the LiveSolve schema)', content: { 'text/event-stream': { schema: { type: 'string' } } } },
        ...errors(404),
      },
    },
    handler: async (request, reply) => {
      const { id } = request.params;
      app.ctx.rotas.liveState(id); // 404 before any stream starts
      const { stream, body } = openEventStream(request, reply, { maxMs: LIVE_STREAM_MS, retryMs: 2000 });
      streams.add(stream);
      const push = () => {
        try {
          const state = app.ctx.rotas.liveState(id);
          const finished = state.status === 'done' || state.status === 'failed';
          stream.send(finished ? 'done' : 'progress', state);
          if (finished) stream.end();
        } catch (error) {
          // The rota went away (its service was deleted): nothing more to watch.
          request.log.debug({ err: error }, 'rota event stream ended');
          stream.end();
        }
      };
      const unsubscribe = app.ctx.rotas.watch(id, push);
      const tick = setInterval(push, LIVE_TICK_MS);
      stream.onEnd(() => {
        unsubscribe();
        clearInterval(tick);
        streams.delete(stream);
      });
      push();
      return reply.send(body);
    },
  });

  app.post<{ Params: RotaP; Body: { reason?: string } | undefined }>('/rotas/:id/stop', {
    config: { access: MANAGER },
    schema: {
      tags: ['rotas'],
      summary: 'Stop a solve early and keep the best rota found so far (202)',
      operationId: 'stopRota',
      description:
        'Ends the running (or queued) generate or re-plan at once: the solve returns the best rota it has found so far, stored and explained like any finished solve (status done, not failed). ' +
        'A solve still waiting for its turn keeps its first construction. 409 when no solve is queued or running. No body is needed.',
      params: rotaParams,
      body: ref('rotas', 'StopBody'),
      response: { 202: ref('rotas', 'LiveSolve'), ...errors(404, 409, 413) },
    },
    handler: async (request, reply) => reply.status(202).send(app.ctx.rotas.stop(app.actorOf(request), request.params.id, request.body ?? {})),
  });

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

  app.post<{ Params: RotaP; Body: { reason?: string; seed?: number } | undefined }>('/rotas/:id/replan', {
    config: { access: MANAGER },
    schema: {
      tags: ['rotas'],
      summary: 'Re-plan: keeps pinned and published places, changes as little else as it can (202)', operationId: 'replanRota', description: 'Re-solves the week from the current rota with the current service data (202). Pinned and published places stay; each worker softly wishes to keep their sessions, so the search moves as little as it can. No body is needed.',
      params: rotaParams,
      body: ref('rotas', 'ReplanBody'),
      response: { 202: ref('rotas', 'RotaSummary'), ...errors(404, 409, 413) },
    },
    handler: async (request, reply) =>
      reply.status(202).send(app.ctx.rotas.replan(app.actorOf(request), request.params.id, request.body ?? {})),
  });

  app.post<{ Params: RotaP; Body: PublishInput | undefined }>('/rotas/:id/publish', {
    config: { access: MANAGER },
    schema: {
      tags: ['rotas'],
      summary: 'Publish: workers see their places; bank proposals become offers; the hours count as worked history',
      operationId: 'publishRota',
      description:
        'Refused with 409 listing each hard breach in words (places below their minimum included), unless override is true with a reason (audited). ' +
        'Places proposed for bank workers are never published: they go out as offers (the proposed worker first), or stay to offer with bankPlaces "to-offer". ' +
        'Publishing again with nothing new changes nothing. No body is needed.',
      params: rotaParams,
      body: ref('rotas', 'PublishBody'),
      response: { 200: ref('rotas', 'PublishResult'), 409: { description: 'Refused: every hard breach in words (send override with a reason to publish anyway), or another rota of the week is published', ...ref('rotas', 'PublishRefusal') }, ...errors(404, 413) },
    },
    handler: async (request) => app.ctx.rotas.publish(app.actorOf(request), request.params.id, request.body ?? {}),
  });
};

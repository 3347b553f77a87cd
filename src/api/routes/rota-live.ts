// Watching a solve live (server-sent events) and stopping it early.
import { openEventStream, type EventStream } from '../sse.ts';
import { MANAGER } from '../access.ts';
import type { RoutePlugin } from '../context.ts';
import { errors, ref } from '../schemas.ts';
import { rotaParams, type RotaP } from './rota-common.ts';

/** A watcher is sent the solve's state this often (time left counts down) and on every change. */
const LIVE_TICK_MS = 1000;
/** An event stream ends after this long; the browser reconnects by itself if the solve still runs. */
const LIVE_STREAM_MS = 10 * 60_000;

export const rotaLiveRoutes: RoutePlugin = async (app) => {
  const streams = new Set<EventStream>();
  // Open streams would hold the server's close until they end.
  app.addHook('preClose', async () => {
    for (const s of [...streams]) s.end();
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
};

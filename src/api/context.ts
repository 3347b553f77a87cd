// What route plugins get from the app: the service layer (routes stay thin and never touch SQL).
import type { FastifyPluginAsync } from 'fastify';
import type { Db } from '../db/client.ts';
import type { OutboxSender } from '../notifications/sender.ts';
import type { SignInSettings } from '../services/sign-in.ts';
import type { RotaService } from '../services/rota-service.ts';
import type { ServiceDataService } from '../services/service-data.ts';
import type { SelfServiceDeps } from '../self-service/context.ts';

export interface AppContext {
  readonly db: Db;
  readonly rotas: RotaService;
  readonly data: ServiceDataService;
  /** Staff self-service: swaps, the open board, leave and availability requests, the fairness ledger. */
  readonly self: SelfServiceDeps;
  readonly now: () => Date;
  readonly signIn: SignInSettings;
  /** Sends the outbox by SMTP when configured; kick() after queueing a message. */
  readonly mail: OutboxSender;
  /** Lifetime in days of a token made without one. */
  readonly tokenDays: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
  }
}

/** A route plugin: one area's routes. The app registers a list of them (see routes/index.ts). */
export type RoutePlugin = FastifyPluginAsync;

/** Params schema whose every field is a service-file id. */
export function idParams(...names: string[]): Record<string, unknown> {
  return {
    type: 'object',
    required: names,
    properties: Object.fromEntries(names.map((n) => [n, { $ref: 'common#/definitions/Id' }])),
  };
}

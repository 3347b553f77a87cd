// What the self-service route plugins share: who may call the worker routes, the schema references,
// the shapes of a reason and of a service's path parameters, the OpenAPI tag, and what each handler reaches.
import type { FastifyInstance } from 'fastify';
import type { Access } from '../access.ts';
import { ref } from '../schemas.ts';

export const WORKER: Access = ['worker'];
export const s = (name: string) => ref('self-service', name);
export type Reason = { reason?: string } | null | undefined;
export type ServiceP = { serviceId: string };
export const tags = ['self-service'];

/** The self-service services and the caller of a request, as every self-service plugin uses them. */
export function selfServiceScope(app: FastifyInstance) {
  return { deps: app.ctx.self, actor: app.actorOf.bind(app) };
}

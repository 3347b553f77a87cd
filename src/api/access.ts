// Who may call a route. Every route declares `config.access` (a route without one fails at start-up)
// and the auth plugin enforces it. What the product allows is the policy table in README.md:
// test/api/policy.test.ts calls every route with every role and checks the answers against that
// table, never against these declarations.
import type { Actor, Role } from '../services/actor.ts';

/**
 * 'public': no token needed. Otherwise the roles allowed; 'worker:self' lets a worker through only
 * when the path's serviceId and staffId are their own (plain 'worker' leaves scoping to the handler).
 */
export type AccessRule = Role | 'worker:self';
export type Access = 'public' | readonly AccessRule[];

export const MANAGER: Access = ['manager'];
export const STAFF_READERS: Access = ['manager', 'payroll'];
export const EVERYONE: Access = ['manager', 'payroll', 'worker'];

export function isAllowed(access: Access, actor: Actor, params: Record<string, unknown>): boolean {
  if (access === 'public') return true;
  if (access.includes(actor.role)) return true;
  if (actor.role === 'worker' && access.includes('worker:self')) {
    return params.serviceId === actor.serviceId && params.staffId === actor.staffId;
  }
  return false;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
}

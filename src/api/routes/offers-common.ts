// What the offer route plugins share: who may answer, the path parameters, the caller as the offers
// service sees them, and the two shapes of an answer to an accept or a decline.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Access } from '../access.ts';
import { actorName } from '../../services/actor.ts';
import type * as offers from '../../offers/service.ts';

export const WORKER: Access = ['worker'];
export type RotaP = { id: string };
export type OfferP = { offerId: string };

export function offerCaller(app: FastifyInstance, request: FastifyRequest): offers.Who {
  const actor = app.actorOf(request);
  return { name: actorName(actor), serviceId: actor.serviceId, staffId: actor.staffId };
}

// A refusal is an ordinary answer (most accepts in a race are refused), so it is sent, not thrown.
export function refusal(outcome: Extract<offers.AnswerOutcome, { ok: false }>) {
  return {
    statusCode: 409,
    error: 'conflict',
    message: outcome.reason,
    refusal: outcome.code,
    ...(outcome.state ? { state: outcome.state } : {}),
    ...(outcome.reasons ? { breaches: outcome.reasons } : {}),
  };
}

// A worker is answered with their own state, not the offer's.
export function answer(outcome: Extract<offers.AnswerOutcome, { ok: true }>) {
  return {
    offerId: outcome.offerId,
    status: outcome.state,
    assignmentIds: outcome.assignmentIds,
    repeat: outcome.repeat,
    ...(outcome.reason !== undefined ? { reason: outcome.reason } : {}),
  };
}

// Bank offers, the manager's side: send a rota's open bank places (or a series) out as offers, read
// their history, withdraw one. The expiry timer lives with these routes, so it starts and stops with
// the app.
import { MANAGER } from '../access.ts';
import type { FastifyInstance } from 'fastify';
import type { RoutePlugin } from '../context.ts';
import { errors, ref } from '../schemas.ts';
import { logEvent } from '../../services/event-log.ts';
import { startExpiryTimer, type ExpiryTimer } from '../../offers/expiry-timer.ts';
import * as offers from '../../offers/service.ts';
import { offerCaller, type OfferP, type RotaP } from './offers-common.ts';

/** How often the server looks for invites whose answer window has passed. */
export const EXPIRY_INTERVAL_MS = 1000;

export const offersRoutes: RoutePlugin = async (app) => {
  expiryTimer(app);
  sendOffersRoute(app);
  offerSeriesRoute(app);
  rotaOffersRoute(app);
  withdrawOfferRoute(app);
};

/** Moves invites past their answer window on, from the app's start to its close. */
function expiryTimer(app: FastifyInstance): void {
  const { db, now } = app.ctx;
  let timer: ExpiryTimer | null = null;
  app.addHook('onReady', async () => {
    // The first pass runs now: offers that expired while the server was down move on at start.
    timer = startExpiryTimer(db, {
      now: () => now().getTime(),
      intervalMs: EXPIRY_INTERVAL_MS,
      onError: (err) => app.log.error({ err }, 'offer expiry pass failed'),
      onExpired: (count, expired) => logEvent(app.log, 'offers.expired', 'system', { invites: count, expired }),
    });
  });
  app.addHook('onClose', async () => timer?.stop());
}

/** Sends a rota's open bank places (or the places named) out as offers. */
function sendOffersRoute(app: FastifyInstance): void {
  const { db, now } = app.ctx;
  const who = offerCaller.bind(null, app);
  app.post<{ Params: RotaP; Body: offers.CreateOffersInput }>('/rotas/:id/offers', {
    config: { access: MANAGER },
    schema: {
      tags: ['offers'],
      summary: 'Send offers for the rota\'s open bank places (or the places named), ranked by the engine', operationId: 'sendOffers',
      description:
        'Each place goes to the bank workers who meet every hard rule given what they already hold, best first by fairness, cost, venue, travel and preferences. ' +
        'A planned (not accepted) bank place becomes an offer with that worker first. With series: true the places form one offer, accepted or declined whole.',
      params: ref('rotas', 'RotaParams'),
      body: ref('offers', 'CreateOffers'),
      response: { 201: ref('offers', 'CreatedOffers'), ...errors(404, 409, 413) },
    },
    handler: async (request, reply) => {
      const created = offers.createOffers(db, who(request), request.params.id, request.body, now().getTime());
      logEvent(request.log, 'offers.sent', app.actorOf(request), {
        rotaId: request.params.id,
        offers: created.offers.map((c) => ({ offerId: c.offerId, places: c.places.length, offeredTo: c.offeredTo.length })),
        notSent: created.notSent.length,
      });
      const excluded = (list: offers.NotSent['excluded']) => list.map((e) => ({ staffId: e.workerId, name: e.workerName, reasons: e.reasons }));
      return reply.status(201).send({
        offers: created.offers.map((c) => ({
          offerId: c.offerId,
          status: c.status,
          places: c.places,
          offeredTo: c.offeredTo,
          excluded: excluded(c.ranking.excluded),
        })),
        notSent: created.notSent.map((n) => ({ places: n.places, excluded: excluded(n.excluded) })),
      });
    },
  });
}

/** One offer of sessions over one or more weekly rotas, accepted or declined whole. */
function offerSeriesRoute(app: FastifyInstance): void {
  const { db, now } = app.ctx;
  const who = offerCaller.bind(null, app);
  app.post<{ Body: offers.CreateSeriesInput }>('/offers/series', {
    config: { access: MANAGER },
    schema: {
      tags: ['offers'],
      summary: 'Offer sessions over one or more weekly rotas (e.g. the same group weekly) as one series, accepted or declined whole', operationId: 'offerSeries',
      description: 'A bank worker is offered the series only if every session fits, with what they hold in all those weeks.',
      body: ref('offers', 'CreateSeries'),
      response: { 201: ref('offers', 'CreatedOffer'), ...errors(404, 409, 413) },
    },
    handler: async (request, reply) => {
      const c = offers.createSeriesOffer(db, who(request), request.body, now().getTime());
      logEvent(request.log, 'offers.sent', app.actorOf(request), {
        series: true,
        offers: [{ offerId: c.offerId, places: request.body.places.length, offeredTo: c.offeredTo.length }],
      });
      return reply.status(201).send({
        offerId: c.offerId,
        status: c.status,
        places: request.body.places.map((p) => ({ slotId: p.slotId, roleId: p.roleId })),
        offeredTo: c.offeredTo,
        excluded: c.ranking.excluded.map((e) => ({ staffId: e.workerId, name: e.workerName, reasons: e.reasons })),
      });
    },
  });
}

/** Every offer of the rota with its answers and history. */
function rotaOffersRoute(app: FastifyInstance): void {
  const { db } = app.ctx;
  app.get<{ Params: RotaP }>('/rotas/:id/offers', {
    config: { access: MANAGER },
    schema: {
      tags: ['offers'],
      summary: 'Every offer of the rota with each worker\'s answer and the full history', operationId: 'listRotaOffers', description: 'For the manager: each offer of the rota with its places, the workers it went to in order, each answer, and every event (sent, accepted, declined, expired, withdrawn) with who and why.',
      params: ref('rotas', 'RotaParams'),
      response: { 200: ref('offers', 'OfferHistoryList'), ...errors(404) },
    },
    handler: async (request) => offers.rotaOfferHistory(db, request.params.id),
  });
}

/** Withdraws an open offer. */
function withdrawOfferRoute(app: FastifyInstance): void {
  const { db, now } = app.ctx;
  const who = offerCaller.bind(null, app);
  app.post<{ Params: RotaP & OfferP; Body: { reason?: string } | null }>('/rotas/:id/offers/:offerId/withdraw', {
    config: { access: MANAGER },
    schema: {
      tags: ['offers'],
      summary: 'Withdraw an open offer', operationId: 'withdrawOffer', description: 'Closes an open offer: nobody can accept it any more, and workers waiting their turn in a cascade never get it. A closed offer answers 409.',
      params: ref('offers', 'RotaOfferParams'),
      body: ref('offers', 'Withdraw'),
      response: { 200: ref('offers', 'Accepted'), ...errors(404, 409) },
    },
    handler: async (request) => {
      const o = offers.withdrawOffer(db, who(request), request.params.id, request.params.offerId, now().getTime(), request.body?.reason);
      return { offerId: o.id, status: o.status, assignmentIds: [] };
    },
  });
}

// A worker's accepted sessions as a calendar: a private feed address to subscribe to, and the file.
import type { RoutePlugin } from '../context.ts';
import { errors, ref } from '../schemas.ts';
import * as offers from '../../offers/service.ts';
import { offerCaller, WORKER } from './offers-common.ts';

export const calendarFeedRoutes: RoutePlugin = async (app) => {
  const { db, now } = app.ctx;
  const who = offerCaller.bind(null, app);

  app.post<{ Body: { replace?: boolean } | null }>('/me/calendar-feed', {
    config: { access: WORKER },
    schema: {
      tags: ['offers'],
      summary: 'A calendar subscription address for my sessions (published shifts and accepted bank sessions)', operationId: 'createCalendarFeed',
      description:
        'Phones subscribe to a URL and cannot send a bearer token, so the address carries its own read-only secret. It is shown once. ' +
        'If you already have one, send {"replace": true} to get a new one (the old one stops working); otherwise 409.',
      body: ref('offers', 'CalendarFeed'),
      response: {
        201: { type: 'object', required: ['path'], properties: { path: { type: 'string', description: 'Append to the server\'s base URL.' } } },
        ...errors(409),
      },
    },
    handler: async (request, reply) =>
      reply.status(201).send(offers.newCalendarFeed(db, who(request), now().getTime(), request.body?.replace === true)),
  });

  app.get<{ Params: { secret: string } }>('/calendar/:secret/feed.ics', {
    // The secret in the path is the credential: a phone's calendar cannot send a bearer token.
    config: { access: 'public' },
    schema: {
      tags: ['offers'],
      summary: 'A worker\'s sessions as an iCalendar feed, by subscription address (see POST /me/calendar-feed)', operationId: 'calendarFeed', description: 'What a phone\'s calendar reads: the sessions the worker holds (published shifts, and bank sessions they accepted, in a draft rota too; those that ended over a year ago are left out) as RFC 5545 events in the service\'s own time zone. The secret in the address is the credential; it ends when it is replaced, when the worker\'s token is revoked with revokeFeeds=true, or when the worker is archived.',
      security: [],
      params: { type: 'object', required: ['secret'], properties: { secret: { type: 'string', minLength: 1, maxLength: 100 } } },
      response: {
        200: { description: 'text/calendar', content: { 'text/calendar': { schema: { type: 'string' } } } },
        404: { description: 'Unknown or replaced address', ...ref('common', 'Error') },
      },
    },
    handler: async (request, reply) =>
      reply.type('text/calendar; charset=utf-8').header('cache-control', 'private, max-age=300').send(offers.calendarByFeed(db, request.params.secret, now().getTime())),
  });

  app.get('/me/calendar.ics', {
    config: { access: WORKER },
    schema: {
      tags: ['offers'],
      summary: 'My sessions as an iCalendar feed (RFC 5545, in the service\'s own time zone, venue as location): published shifts and accepted bank sessions', operationId: 'myCalendar', description: 'The same calendar as the subscription feed, for a worker calling with their bearer token.',
      response: {
        200: { description: 'text/calendar', content: { 'text/calendar': { schema: { type: 'string' } } } },
        ...errors(),
      },
    },
    handler: async (request, reply) => {
      const ics = offers.myCalendar(db, who(request), now().getTime());
      return reply.type('text/calendar; charset=utf-8').header('content-disposition', 'inline; filename="rota.ics"').send(ics);
    },
  });
};

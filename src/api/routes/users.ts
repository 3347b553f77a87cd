// Managers and payroll who sign in to the web app by email (staff use the address on their record).
import { addUser, disableUser, listUsers } from '../../services/sign-in.ts';
import { MANAGER } from '../access.ts';
import type { RoutePlugin } from '../context.ts';
import { errors, ref } from '../schemas.ts';

export const usersRoutes: RoutePlugin = async (app) => {
  const { db, now } = app.ctx;

  app.get('/users', {
    config: { access: MANAGER },
    schema: {
      tags: ['sign-in'],
      summary: 'Managers and payroll who can ask for a sign-in link by email',
      operationId: 'listUsers',
      description: 'Users sign in to the web app with a link sent to their address; staff use the email on their staff record instead.',
      response: { 200: ref('web', 'UserList'), ...errors() },
    },
    handler: async () => listUsers(db),
  });

  app.post<{ Body: { email: string; name: string; role: 'manager' | 'payroll' } }>('/users', {
    config: { access: MANAGER },
    schema: {
      tags: ['sign-in'],
      summary: 'Add a manager or payroll user: they can then sign in with a link sent to this address',
      operationId: 'createUser',
      description: 'The address is stored lower-cased and must be new (409 otherwise). Also: npx rota user add.',
      body: ref('web', 'CreateUser'),
      response: { 201: ref('web', 'User'), ...errors(409, 413) },
    },
    handler: async (request, reply) => reply.status(201).send(addUser(db, app.actorOf(request), request.body, now())),
  });

  app.delete<{ Params: { userId: number } }>('/users/:userId', {
    config: { access: MANAGER },
    schema: {
      tags: ['sign-in'],
      summary: 'Disable a user: no more sign-in links, and their sessions end now',
      operationId: 'disableUser',
      description: 'No more sign-in links go to them, and their sessions (and the tokens made for them) end at once.',
      params: { type: 'object', required: ['userId'], properties: { userId: { type: 'integer', minimum: 1, maximum: 9007199254740991 } } },
      response: { 200: ref('web', 'User'), ...errors(404) },
    },
    handler: async (request) => disableUser(db, app.actorOf(request), request.params.userId, now()),
  });
};

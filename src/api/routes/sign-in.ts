// Signing in to the web app: ask for an emailed link, use it, or paste a token (managers and payroll);
// who the session is; sign out. The session lives in an httpOnly cookie the page cannot read.
// Two plugins: starting a session, and the session itself.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { endWebSession, redeemSignInLink, requestSignInLink, sessionFor, signInWithToken, type SignInSettings, type StartedSession } from '../../services/sign-in.ts';
import { EVERYONE } from '../access.ts';
import type { RoutePlugin } from '../context.ts';
import { SESSION_COOKIE } from '../plugins/auth.ts';
import { errors, ref } from '../schemas.ts';

const LINK_REQUESTED =
  'If that address belongs to someone on a rota here, a sign-in link is on its way to it. The link works once and expires soon.';

/** Setting and clearing the session cookie: httpOnly, SameSite=Strict, Secure over https. */
function sessionCookies(signIn: SignInSettings) {
  const secure = (request: FastifyRequest) => request.protocol === 'https' || signIn.publicUrl.startsWith('https:');
  return {
    set: (request: FastifyRequest, reply: FastifyReply, started: StartedSession) =>
      reply.setCookie(SESSION_COOKIE, started.secret, {
        httpOnly: true,
        sameSite: 'strict',
        secure: secure(request),
        path: '/',
        maxAge: signIn.sessionDays * 24 * 3600,
      }),
    clear: (request: FastifyRequest, reply: FastifyReply) =>
      reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure: secure(request), path: '/' }),
  };
}

export const signInRoutes: RoutePlugin = async (app) => {
  const { db, now, signIn } = app.ctx;
  const cookies = sessionCookies(signIn);

  app.post<{ Body: { email: string } }>('/auth/links', {
    config: { access: 'public' },
    schema: {
      tags: ['sign-in'],
      summary: 'Email a one-time sign-in link to this address, if it is a staff member\'s or a user\'s; the answer is the same either way',
      operationId: 'requestSignInLink',
      description: 'Staff get a link at the email on their staff record, managers and payroll at the address they were added with (POST /users). The answer is 202 with the same words whether or not the address is known; at most 5 links an hour go to one address. The link expires after 15 minutes and works once.',
      security: [],
      body: ref('web', 'LinkRequest'),
      response: { 202: ref('web', 'LinkRequested'), ...errors(413) },
    },
    handler: async (request, reply) => {
      requestSignInLink(db, signIn, request.body.email, now());
      app.ctx.mail.kick();
      return reply.status(202).send({ message: LINK_REQUESTED });
    },
  });

  app.post<{ Body: { secret: string } }>('/auth/links/redeem', {
    config: { access: 'public' },
    schema: {
      tags: ['sign-in'],
      summary: 'Use a sign-in link (the part after # in the emailed link): starts a session cookie; a link works once',
      operationId: 'redeemSignInLink',
      description: 'Answers the session and sets the rota_session cookie (httpOnly, SameSite=Strict, Secure over https). The secret is the part of the emailed link after #.',
      security: [],
      body: ref('web', 'LinkRedeem'),
      response: { 200: ref('web', 'Session'), ...errors(413) },
    },
    handler: async (request, reply) => {
      const started = redeemSignInLink(db, signIn, request.body.secret, now());
      cookies.set(request, reply, started);
      return started.view;
    },
  });

  app.post<{ Body: { token: string } }>('/auth/token', {
    config: { access: 'public' },
    schema: {
      tags: ['sign-in'],
      summary: 'Managers and payroll: start a session cookie with a token you hold (the token is not changed)',
      operationId: 'signInWithToken',
      description: "Workers sign in with an emailed link instead. The session carries the token's rights; revoking the token ends it; signing out leaves the token working.",
      security: [],
      body: ref('web', 'TokenSignIn'),
      response: { 200: ref('web', 'Session'), ...errors(413) },
    },
    handler: async (request, reply) => {
      const started = signInWithToken(db, signIn, request.body.token, now());
      cookies.set(request, reply, started);
      return started.view;
    },
  });
};

export const sessionRoutes: RoutePlugin = async (app) => {
  const { db, now, signIn } = app.ctx;
  const cookies = sessionCookies(signIn);

  app.get('/auth/session', {
    config: { access: 'public' },
    schema: {
      tags: ['sign-in'],
      summary: 'Who the session cookie belongs to, with its CSRF token; signedIn false without a live session',
      operationId: 'getSession',
      description: 'The page reads this at load: the role, name and the CSRF token to send as x-csrf-token with every write made with the cookie.',
      security: [],
      response: { 200: ref('web', 'Session') },
    },
    handler: async (request, reply) => {
      const secret = request.cookies[SESSION_COOKIE];
      const found = secret ? sessionFor(db, secret, now()) : undefined;
      reply.header('cache-control', 'no-store');
      if (!found) {
        if (secret) cookies.clear(request, reply);
        return { signedIn: false };
      }
      return found.view;
    },
  });

  app.post('/auth/sign-out', {
    config: { access: EVERYONE },
    schema: {
      tags: ['sign-in'],
      summary: 'End this session (server-side: the cookie stops working at once)',
      operationId: 'signOut',
      description: "Ends the cookie's session on the server and clears the cookie; a token made for a link sign-in is revoked with it. With a bearer token there is no session to end (signedOut false).",
      response: { 200: ref('web', 'SignedOut'), ...errors() },
    },
    handler: async (request, reply) => {
      const secret = request.cookies[SESSION_COOKIE];
      const actor = app.actorOf(request);
      if (actor.sessionId === undefined || !secret) return { signedOut: false };
      const ended = endWebSession(db, secret, now());
      cookies.clear(request, reply);
      return { signedOut: ended };
    },
  });
};

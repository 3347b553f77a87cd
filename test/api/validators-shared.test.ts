// Validators compiled for one app are reused by the next app built in the process (src/api/
// validation.ts), but only where the shared schemas agree: an app whose shared schema differs under
// the same id validates against its own, and each app's answers are its own.
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { installValidators } from '../../src/api/validation.ts';

const apps: FastifyInstance[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

/** An app whose POST /things body is the shared schema "thing", which asks for `field` of `type`. */
async function appWithThing(field: string, type: 'string' | 'integer'): Promise<FastifyInstance> {
  const app = Fastify();
  apps.push(app);
  installValidators(app);
  app.addSchema({ $id: 'thing', type: 'object', required: [field], properties: { [field]: { type } }, additionalProperties: false });
  app.post('/things', { schema: { body: { $ref: 'thing#' }, querystring: { type: 'object', properties: { n: { type: 'integer' } } } } }, async (request) => ({
    body: request.body,
    query: request.query,
  }));
  await app.ready();
  return app;
}

const post = (app: FastifyInstance, payload: unknown, url = '/things') => app.inject({ method: 'POST', url, payload: payload as object });

describe('validators shared between apps of one process', () => {
  it('an app whose shared schema differs under the same id is checked against its own', async () => {
    const names = await appWithThing('name', 'string');
    const counts = await appWithThing('count', 'integer');
    const namesAgain = await appWithThing('name', 'string');

    expect((await post(names, { name: 'a' })).statusCode).toBe(200);
    expect((await post(names, { count: 1 })).statusCode).toBe(400);
    expect((await post(counts, { count: 1 })).statusCode).toBe(200);
    expect((await post(counts, { name: 'a' })).statusCode).toBe(400);
    expect((await post(counts, { count: 'one' })).statusCode).toBe(400);
    expect((await post(namesAgain, { name: 'b' })).statusCode).toBe(200);
    expect((await post(namesAgain, { count: 2 })).statusCode).toBe(400);
  });

  it('query strings are still coerced and bodies still not, in every app', async () => {
    const first = await appWithThing('name', 'string');
    const second = await appWithThing('name', 'string');
    for (const app of [first, second]) {
      const ok = await post(app, { name: 'a' }, '/things?n=7');
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toEqual({ body: { name: 'a' }, query: { n: 7 } });
      expect((await post(app, { name: 7 })).statusCode).toBe(400);
      expect((await post(app, { name: 'a' }, '/things?n=x')).statusCode).toBe(400);
    }
  });
});

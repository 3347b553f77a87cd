// Builds the app on a fresh in-memory database, with one token per role.
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp, type BuildAppOptions } from '../../../src/app.ts';
import { openDb, type Db } from '../../../src/db/client.ts';
import { upsertServiceFile } from '../../../src/db/repositories/service-file-repo.ts';
import { createToken } from '../../../src/services/tokens.ts';
import { sampleService } from './sample-service.ts';

export interface TestApp {
  app: FastifyInstance;
  db: Db;
  tokens: { manager: string; payroll: string; worker: string; otherWorker: string };
  /** app.inject with the token of a role ('none' sends no Authorization header). */
  call(role: keyof TestApp['tokens'] | 'none', options: InjectOptions): Promise<LightMyRequestResponse>;
}

export async function testApp(options: Partial<BuildAppOptions> = {}): Promise<TestApp> {
  const db = openDb(':memory:');
  upsertServiceFile(db, sampleService(), '2026-11-23T00:00:00.000Z');
  const app = await buildApp({ db, solve: { maxMoves: 3000 }, ...options });
  // Made at the app's own time, so tests that move the clock keep them valid.
  const at = options.now?.() ?? new Date();
  const tokens = {
    manager: createToken(db, { role: 'manager', name: 'Mo Manager' }, at).token,
    payroll: createToken(db, { role: 'payroll', name: 'Pat Payroll' }, at).token,
    worker: createToken(db, { role: 'worker', staffId: 'dan' }, at).token,
    otherWorker: createToken(db, { role: 'worker', staffId: 'eve' }, at).token,
  };
  const call: TestApp['call'] = (role, opts) => {
    const headers = { ...(opts.headers ?? {}) } as Record<string, string>;
    if (role !== 'none') headers.authorization = `Bearer ${tokens[role]}`;
    return app.inject({ ...opts, headers });
  };
  return { app, db, tokens, call };
}

// The app as a function: build it with a database and get a Fastify instance that has not listened.
// Only src/server.ts listens; tests call buildApp and app.inject.
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Db } from './db/client.ts';
import type { AppContext, RoutePlugin } from './api/context.ts';
import { authPlugin } from './api/plugins/auth.ts';
import { docsPlugin } from './api/plugins/docs.ts';
import { errorsPlugin } from './api/plugins/errors.ts';
import { routePlugins } from './api/routes/index.ts';
import { registerSchemas } from './api/schemas.ts';
import { frameworkErrors, installValidators } from './api/validation.ts';
import { RotaService, type SolveSettings } from './services/rota-service.ts';
import { ServiceDataService } from './services/service-data.ts';
import { workerThreadRunner, type SolveRunner } from './services/solve-runner.ts';

export const BODY_LIMIT_BYTES = 1024 * 1024;

export interface BuildAppOptions {
  db: Db;
  /** Where solves run; default: one worker thread per solve. */
  runner?: SolveRunner;
  /** Budget of each solve; default 10 s. */
  solve?: SolveSettings;
  logger?: FastifyServerOptions['logger'];
  now?: () => Date;
  /** Route plugins; default every area in src/api/routes/index.ts. */
  routes?: readonly RoutePlugin[];
  /** Extra OpenAPI tags for extra route plugins. */
  tags?: { name: string; description: string }[];
}

export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: BODY_LIMIT_BYTES,
    frameworkErrors,
  });
  installValidators(app);
  // Response schemas document the API; plain JSON.stringify writes the answer. Compiling a serializer
  // per route (with the large service-file schema inlined) cost seconds at start-up, and a schema slip
  // could silently drop fields; test/api/responses.test.ts checks answers against the schemas instead.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  const now = options.now ?? (() => new Date());
  const runner = options.runner ?? workerThreadRunner();
  const rotas = new RotaService({
    db: options.db,
    runner,
    now,
    solve: options.solve,
    logError: (error, context) => app.log.error({ err: error }, context),
  });
  rotas.recoverInterrupted();
  const data = new ServiceDataService(options.db, now);
  const ctx: AppContext = { db: options.db, rotas, data, self: { db: options.db, core: rotas.rotaCore, data, now }, now };
  app.decorate('ctx', ctx);

  registerSchemas(app);
  await errorsPlugin(app);
  await authPlugin(app, { db: options.db });
  await docsPlugin(app, { extraTags: options.tags });
  for (const plugin of options.routes ?? routePlugins) await app.register(plugin);

  app.addHook('onClose', async () => {
    await runner.close();
    await rotas.idle();
  });
  return app;
}

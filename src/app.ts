// The app as a function: build it with a database and get a Fastify instance that has not listened.
// Only src/server.ts listens; tests call buildApp and app.inject.
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Db } from './db/client.ts';
import type { AppContext, RoutePlugin } from './api/context.ts';
import { authPlugin, type AuthFailureLimit } from './api/plugins/auth.ts';
import { compressPlugin } from './api/plugins/compress.ts';
import { docsPlugin } from './api/plugins/docs.ts';
import { errorsPlugin } from './api/plugins/errors.ts';
import { webPlugin } from './api/plugins/web.ts';
import { loggerOptions, requestLogging, type LogSettings } from './api/plugins/logging.ts';
import { routePlugins } from './api/routes/index.ts';
import { registerSchemas } from './api/schemas.ts';
import { frameworkErrors, installValidators } from './api/validation.ts';
import { RotaService, type SolveSettings } from './services/rota-service.ts';
import { ServiceDataService } from './services/service-data.ts';
import { workerPoolRunner, type SolveRunner } from './services/solve-runner.ts';
import { WEB_BUILD_DIR } from './web/location.ts';
import { DEFAULT_MAIL, OutboxSender, smtpTransport, type MailSettings, type MailTransport } from './notifications/sender.ts';
import { DEFAULT_SIGN_IN, type SignInSettings } from './services/sign-in.ts';
import { DEFAULT_TOKEN_DAYS } from './services/tokens.ts';

export const BODY_LIMIT_BYTES = 1024 * 1024;

export interface BuildAppOptions {
  db: Db;
  /** Where solves run; default: a pool of worker threads (ROTA_SOLVE_THREADS, default 2). */
  runner?: SolveRunner;
  /** Budget of each solve; default 10 s. */
  solve?: SolveSettings;
  /** The server log (pino lines; see api/plugins/logging.ts); default none. */
  logger?: false | LogSettings;
  now?: () => Date;
  /** Route plugins; default every area in src/api/routes/index.ts. */
  routes?: readonly RoutePlugin[];
  /** Extra OpenAPI tags for extra route plugins. */
  tags?: { name: string; description: string }[];
  /** The built web app (src/web/build.ts); default build/web. */
  webRoot?: string;
  /** Sign-in links and sessions; publicUrl is where emailed links point (default http://localhost:3000). */
  signIn?: Partial<SignInSettings>;
  /** Email: SMTP url and From; without smtpUrl (and transport) nothing is sent and the outbox waits. */
  mail?: Partial<MailSettings> & { transport?: MailTransport };
  /** Lifetime in days of tokens made without one (POST /tokens); default 90. */
  tokenDays?: number;
  /** Failed authentications per address before 429; default 20 a minute. */
  authFailureLimit?: AuthFailureLimit;
}

export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ? loggerOptions(options.logger) : false,
    // Events and errors are what an operator reads at info; each request is a debug line.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT_BYTES,
    frameworkErrors,
  });
  requestLogging(app);
  installValidators(app);
  // Response schemas document the API; plain JSON.stringify writes the answer. Compiling a serializer
  // per route (with the large service-file schema inlined) cost seconds at start-up, and a schema slip
  // could silently drop fields; test/api/responses.test.ts checks answers against the schemas instead.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  const now = options.now ?? (() => new Date());
  const runner = options.runner ?? workerPoolRunner();
  const rotas = new RotaService({
    db: options.db,
    runner,
    now,
    solve: options.solve,
    logError: (error, context) => app.log.error({ err: error }, context),
    log: app.log,
  });
  rotas.recoverInterrupted();
  const data = new ServiceDataService(options.db, now);
  const signIn: SignInSettings = { publicUrl: 'http://localhost:3000', ...DEFAULT_SIGN_IN, ...options.signIn };
  const mailSettings: MailSettings = { ...DEFAULT_MAIL, publicUrl: signIn.publicUrl, ...options.mail };
  const transport = options.mail?.transport ?? (mailSettings.smtpUrl ? smtpTransport(mailSettings.smtpUrl) : undefined);
  const mail = new OutboxSender(options.db, mailSettings, transport, now, (error, context) => app.log.error({ err: error }, context));
  const ctx: AppContext = {
    db: options.db,
    rotas,
    data,
    self: { db: options.db, core: rotas.rotaCore, data, now },
    now,
    tokenDays: options.tokenDays ?? DEFAULT_TOKEN_DAYS,
    signIn,
    mail,
  };
  app.decorate('ctx', ctx);

  registerSchemas(app);
  await errorsPlugin(app);
  await compressPlugin(app);
  await authPlugin(app, { db: options.db, now, failureLimit: options.authFailureLimit, publicUrl: signIn.publicUrl });
  await docsPlugin(app, { extraTags: options.tags });
  for (const plugin of options.routes ?? routePlugins) await app.register(plugin);
  await app.register(webPlugin, { root: options.webRoot ?? WEB_BUILD_DIR });

  mail.start();
  app.addHook('onClose', async () => {
    await mail.stop();
    await runner.close();
    await rotas.idle();
  });
  return app;
}

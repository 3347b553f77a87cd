// The only file that listens: open and migrate the database, load the example services on first
// start, print the URLs and a manager token, serve.
import { fileURLToPath } from 'node:url';
import { buildApp } from './app.ts';
import { logLevelFromEnv } from './api/plugins/logging.ts';
import { dbPathFromEnv, openDb } from './db/client.ts';
import { projectFile } from './paths.ts';
import { loadFixturesIfEmpty } from './services/startup.ts';
import { createToken } from './services/tokens.ts';

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '0.0.0.0';
const solveSecondsRaw = Number(process.env.ROTA_SOLVE_SECONDS ?? 10);
const solveSeconds = Number.isFinite(solveSecondsRaw) && solveSecondsRaw > 0 ? solveSecondsRaw : 10;

const dbPath = dbPathFromEnv();
const db = openDb(dbPath);
const fixtures = loadFixturesIfEmpty(db, fileURLToPath(projectFile('fixtures/')));
const app = await buildApp({
  db,
  logger: { level: logLevelFromEnv() },
  solve: { timeLimitMs: Math.round(solveSeconds * 1000) },
});
await app.listen({ port, host });

const { token } = createToken(db, { role: 'manager', label: 'printed at start-up' });
const base = `http://localhost:${port}`;
process.stdout.write(
  [
    `rota API listening on ${base} (database ${dbPath})`,
    fixtures.loaded.length > 0 ? `loaded example services: ${fixtures.loaded.join(', ')}` : 'database already holds services; no fixtures loaded',
    ...fixtures.skipped.map((s) => `skipped fixture ${s.file}: ${s.reason}`),
    `API docs (Swagger UI): ${base}/documentation`,
    `OpenAPI JSON:          ${base}/documentation/json`,
    `manager token (shown once): ${token}`,
    `try: curl -H "Authorization: Bearer ${token}" ${base}/services`,
    '',
  ].join('\n'),
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void app.close().then(() => {
      db.$client.close();
      process.exit(0);
    });
  });
}

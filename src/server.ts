// The only file that listens: open and migrate the database, load the example services on first
// start, print the URLs (and a manager token when no manager can get in yet), serve.
import { fileURLToPath } from 'node:url';
import { buildApp } from './app.ts';
import { logLevelFromEnv } from './api/plugins/logging.ts';
import { dbPathFromEnv, describeDb, openDb } from './db/client.ts';
import { projectFile } from './paths.ts';
import { loadFixturesIfEmpty, mintFirstManagerToken } from './services/startup.ts';
import { tokenDaysFromEnv } from './services/tokens.ts';

const port = Number(process.env.PORT ?? 3000);
// Only this machine can reach the API unless HOST says otherwise (e.g. HOST=0.0.0.0 behind a proxy).
const host = process.env.HOST && process.env.HOST.trim() !== '' ? process.env.HOST : '127.0.0.1';
const tokenDays = tokenDaysFromEnv();
const authFailuresRaw = Number(process.env.ROTA_AUTH_FAILURES_PER_MINUTE ?? 20);
const authFailures = Number.isInteger(authFailuresRaw) && authFailuresRaw > 0 ? authFailuresRaw : 20;
const solveSecondsRaw = Number(process.env.ROTA_SOLVE_SECONDS ?? 10);
const solveSeconds = Number.isFinite(solveSecondsRaw) && solveSecondsRaw > 0 ? solveSecondsRaw : 10;

const dbPath = dbPathFromEnv();
const db = openDb(dbPath);
const fixtures = loadFixturesIfEmpty(db, fileURLToPath(projectFile('fixtures/')));
const positive = (name: string, fallback: number): number => {
  const raw = Number(process.env[name]);
  return Number.isFinite(raw) && raw > 0 ? raw : fallback;
};
// Links in emails point here; by default the address this machine serves on.
const publicUrl = (process.env.ROTA_PUBLIC_URL ?? '').trim() || `http://${host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host}:${port}`;
const smtpUrl = (process.env.ROTA_SMTP_URL ?? '').trim() || undefined;
const app = await buildApp({
  db,
  logger: { level: logLevelFromEnv() },
  solve: { timeLimitMs: Math.round(solveSeconds * 1000) },
  signIn: { publicUrl, linkMinutes: positive('ROTA_LINK_MINUTES', 15), sessionDays: positive('ROTA_SESSION_DAYS', 14) },
  mail: { smtpUrl, ...(process.env.ROTA_MAIL_FROM ? { from: process.env.ROTA_MAIL_FROM } : {}) },
  tokenDays,
  authFailureLimit: { max: authFailures, timeWindowMs: 60_000 },
});
await app.listen({ port, host });

// Before the banner: whoever reads it may stop the server at once, and it should close cleanly.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void app.close().then(() => {
      db.$client.close();
      process.exit(0);
    });
  });
}

const minted = mintFirstManagerToken(db, { name: process.env.ROTA_MANAGER_NAME?.trim() || 'first manager', days: tokenDays });
// The address actually bound (PORT=0 picks a free port).
const address = app.server.address();
const boundHost = typeof address === 'object' && address ? address.address : host;
const shownHost = boundHost.includes(':') ? `[${boundHost}]` : boundHost;
const base = `http://${shownHost}:${typeof address === 'object' && address ? address.port : port}`;
process.stdout.write(
  [
    `rota API listening on ${base} (database ${describeDb(db, dbPath)})`,
    `web app:               ${publicUrl}/`,
    smtpUrl ? `email: sent by SMTP (ROTA_SMTP_URL) from ${process.env.ROTA_MAIL_FROM ?? 'rota <rota@localhost>'}` : 'email: no SMTP server set (ROTA_SMTP_URL); messages wait in the outbox (manager: Outbox page)',
    fixtures.loaded.length > 0 ? `loaded example services: ${fixtures.loaded.join(', ')}` : 'database already holds services; no fixtures loaded',
    ...fixtures.skipped.map((s) => `skipped fixture ${s.file}: ${s.reason}`),
    `API docs (Swagger UI): ${base}/documentation`,
    `OpenAPI JSON:          ${base}/documentation/json`,
    ...(minted
      ? [
          `manager token (shown once; expires ${minted.expiresAt}): ${minted.token}`,
          `try: curl -H "Authorization: Bearer ${minted.token}" ${base}/services`,
        ]
      : ['a live manager token exists, so none was made; another: npx rota token create --role manager --name "Your Name"']),
    '',
  ].join('\n'),
);


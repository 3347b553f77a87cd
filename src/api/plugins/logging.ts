// The server's log: pino lines (JSON) at LOG_LEVEL, default info. At info it writes the events in
// services/event-log.ts and errors, not every request; at debug it adds one line per request. No
// line carries a credential: Authorization headers are redacted wherever they appear, and the
// calendar feed's secret path segment is replaced in every logged URL.
import type { FastifyInstance, FastifyServerOptions } from 'fastify';

export interface LogSettings {
  /** pino level: fatal, error, warn, info (default), debug, trace or silent. */
  readonly level?: string;
  /** Where lines go (default stdout); tests capture them here. */
  readonly stream?: { write(line: string): void };
}

const LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

/** LOG_LEVEL if it names a pino level, else info. */
export function logLevelFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const level = env.LOG_LEVEL?.trim().toLowerCase();
  return level && LEVELS.has(level) ? level : 'info';
}

/** A URL safe to log: the secret of /calendar/<secret>/feed.ics is replaced. */
export function redactUrl(url: string): string {
  return url.replace(/^\/calendar\/[^/?#]+/, '/calendar/[redacted]');
}

export function loggerOptions(settings: LogSettings): NonNullable<FastifyServerOptions['logger']> {
  return {
    level: settings.level ?? 'info',
    ...(settings.stream ? { stream: settings.stream } : {}),
    redact: {
      paths: ['req.headers.authorization', 'headers.authorization', 'request.headers.authorization', '*.headers.authorization'],
      censor: '[redacted]',
    },
    serializers: {
      req: (req: { method?: string; url?: string; ip?: string }) => ({ method: req.method, url: redactUrl(req.url ?? ''), remoteAddress: req.ip }),
    },
  };
}

/** One debug line per answered request (method, redacted URL, status, milliseconds). */
export function requestLogging(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    if (!(request.log as { isLevelEnabled?: (level: string) => boolean }).isLevelEnabled?.('debug')) return;
    request.log.debug(
      { method: request.method, url: redactUrl(request.url), statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'request answered',
    );
  });
}

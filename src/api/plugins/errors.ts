// One error handler: known errors keep their status and name the bad fields; anything unexpected is
// logged and answered with a plain 500 that leaks nothing.
import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError, type FieldError } from '../../services/errors.ts';
import { RecurrenceError } from '../../time/recurrence-rule.ts';

const CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

interface ValidationItem {
  instancePath: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** "/staff/0/name" in part "body" -> "body.staff[0].name"; a missing property names itself. */
export function fieldPath(context: string, item: ValidationItem): string {
  // The query string is "query" everywhere else (?reason=, service errors): one name for one thing.
  let path = context === 'querystring' ? 'query' : context;
  for (const raw of item.instancePath.split('/').slice(1)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    path += /^\d+$/.test(part) ? `[${part}]` : `.${part}`;
  }
  const missing = item.params?.missingProperty;
  if (typeof missing === 'string') path += `.${missing}`;
  const extra = item.params?.additionalProperty;
  if (typeof extra === 'string') path += `.${extra}`;
  return path;
}

function validationErrors(error: FastifyError): FieldError[] {
  const context = error.validationContext ?? 'body';
  return (error.validation ?? []).map((item) => {
    const v = item as unknown as ValidationItem;
    const extra = v.params?.additionalProperty;
    const missing = v.params?.missingProperty;
    const message =
      typeof extra === 'string' ? 'is not a known field' : typeof missing === 'string' ? 'is required' : (v.message ?? 'is invalid');
    return { path: fieldPath(context, v), message };
  });
}

/** The field a framework-level client error is about, in words that leak nothing of the server. */
function frameworkField(error: FastifyError): FieldError {
  if (/forbidden (prototype|constructor) property/i.test(error.message)) return { path: 'body', message: 'must not set __proto__ or constructor' };
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { path: 'body', message: 'is not valid JSON' };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { path: 'body', message: 'is over 1 MB' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { path: 'headers.content-type', message: 'must be application/json' };
    default:
      return { path: 'request', message: error.message };
  }
}

/** Installs on the root instance itself (not encapsulated), so it covers every route plugin. */
export async function errorsPlugin(app: FastifyInstance): Promise<void> {
  app.setErrorHandler((error: FastifyError | AppError | Error, request, reply) => {
    if (error instanceof AppError) {
      return reply.status(error.statusCode).send({
        statusCode: error.statusCode,
        error: error.code,
        message: error.message,
        ...(error.details ?? {}),
      });
    }
    if (error instanceof RecurrenceError) {
      // A stored rule that cannot be expanded (a limit, or data from before the checks): the request
      // conflicts with the service's data, which a manager can fix.
      return reply.status(409).send({ statusCode: 409, error: 'conflict', message: `the service's recurrences cannot be expanded: ${error.message}` });
    }
    const fe = error as FastifyError;
    if (fe.validation) {
      const errors = validationErrors(fe);
      return reply.status(400).send({
        statusCode: 400,
        error: 'bad_request',
        message: errors.map((e) => `${e.path} ${e.message}`).join('; '),
        errors,
      });
    }
    const status = typeof fe.statusCode === 'number' ? fe.statusCode : 500;
    if (status >= 400 && status < 500) {
      // Fastify's own client errors: malformed JSON, body too large, wrong content type.
      const field = frameworkField(fe);
      return reply.status(status).send({ statusCode: status, error: CODES[status] ?? 'client_error', message: `${field.path} ${field.message}`, errors: [field] });
    }
    request.log.error({ err: error }, 'unexpected error');
    return reply.status(500).send({ statusCode: 500, error: 'internal', message: 'internal error; it has been logged' });
  });

  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({ statusCode: 404, error: 'not_found', message: `no route ${request.method} ${request.url}` });
  });
}


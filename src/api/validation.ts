// Request validation: bodies are checked exactly as sent (no type coercion, no defaults, no silent
// stripping, every error reported); path and query strings are coerced to the declared types.
// A route whose body has no required field needs no body at all: an absent or empty body is {}.
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => void;

function makeAjv(coerceTypes: boolean | 'array'): Ajv {
  const ajv = new Ajv({ allErrors: true, coerceTypes, useDefaults: false, removeAdditional: false, strict: false, allowUnionTypes: true });
  addFormats(ajv);
  return ajv;
}

/** Whether `{}` passes a body schema's top level (no required fields), following one $ref into the shared schemas. */
function bodyIsOptional(schema: unknown, shared: Record<string, unknown>): boolean {
  let s = schema as { $ref?: string; required?: unknown[]; type?: unknown } | undefined;
  if (s?.$ref) {
    const [id, pointer = ''] = s.$ref.split('#');
    let target = shared[id] as Record<string, unknown> | undefined;
    for (const part of pointer.split('/').filter(Boolean)) target = target?.[part] as Record<string, unknown> | undefined;
    s = target as typeof s;
  }
  if (!s) return false;
  const types = Array.isArray(s.type) ? s.type : [s.type];
  return types.includes('object') && (s.required === undefined || s.required.length === 0);
}

export function installValidators(app: FastifyInstance): void {
  // JSON as Fastify parses it (prototype poisoning refused), except that an empty body is no body:
  // clients send "content-type: application/json" on a bare POST or DELETE.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if ((body as string).trim() === '') return done(null, undefined);
    parseJson(request, body as string, done);
  });
  app.addHook('onRoute', (route) => {
    const body = route.schema?.body;
    if (body === undefined || !bodyIsOptional(body, app.getSchemas())) return;
    const fill = async (request: FastifyRequest) => {
      if (request.body === undefined || request.body === null) request.body = {};
    };
    route.preValidation = [fill, ...([route.preValidation ?? []].flat() as (typeof fill)[])];
  });

  const forBody = makeAjv(false);
  const forStrings = makeAjv('array');
  const added = new Set<string>();
  // Shared schemas may be added by any plugin before its routes; pick them up when a route compiles.
  const syncSchemas = (schemas: Record<string, unknown>) => {
    for (const [id, schema] of Object.entries(schemas)) {
      if (added.has(id)) continue;
      forBody.addSchema(schema as object, id);
      forStrings.addSchema(schema as object, id);
      added.add(id);
    }
  };
  app.setValidatorCompiler(({ schema, httpPart }): ValidateFunction => {
    syncSchemas(app.getSchemas());
    return (httpPart === 'body' ? forBody : forStrings).compile(schema);
  });
}

/** Errors the router raises before any route runs (an over-long or undecodable path parameter). */
export function frameworkErrors(error: Error & { code?: string }, _request: FastifyRequest, reply: FastifyReply): void {
  const message =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'a path parameter is too long' : error.code === 'FST_ERR_BAD_URL' ? 'the path is not valid' : error.message;
  void reply.status(400).send({ statusCode: 400, error: 'bad_request', message, errors: [{ path: 'params', message }] });
}

// Request validation: bodies are checked exactly as sent (no type coercion, no defaults, no silent
// stripping, every error reported); path and query strings are coerced to the declared types.
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => void;

function makeAjv(coerceTypes: boolean | 'array'): Ajv {
  const ajv = new Ajv({ allErrors: true, coerceTypes, useDefaults: false, removeAdditional: false, strict: false, allowUnionTypes: true });
  addFormats(ajv);
  return ajv;
}

export function installValidators(app: FastifyInstance): void {
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

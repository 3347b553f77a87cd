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

  app.setValidatorCompiler(({ schema, httpPart }): ValidateFunction => {
    // Shared schemas may be added by any plugin before its routes; pick them up when a route compiles.
    const set = validatorSetFor(app.getSchemas());
    const key = `${httpPart === 'body' ? 'body' : 'strings'}\n${schemaText(schema)}`;
    let validate = set.validators.get(key);
    if (!validate) {
      validate = (httpPart === 'body' ? set.forBody : set.forStrings).compile(schema);
      set.validators.set(key, validate);
    }
    return validate;
  });
}

/**
 * Compiled validators, kept for the process and shared by every app built in it whose shared schemas
 * agree (same id, same text): compiling them is most of the time buildApp takes, and the tests build
 * hundreds of apps from the same schemas. An app whose shared schema differs from an earlier app's
 * under the same id gets a set of its own. A validator keeps no state between calls that matters
 * (its `errors` are read at once after the call), as Fastify shares one across requests already.
 */
interface ValidatorSet {
  readonly forBody: Ajv;
  readonly forStrings: Ajv;
  /** Shared schemas added, by id: their JSON text. */
  readonly shared: Map<string, string>;
  /** By part ('body' or 'strings') and the route schema's JSON text. */
  readonly validators: Map<string, ValidateFunction>;
}

const validatorSets: ValidatorSet[] = [];
const texts = new WeakMap<object, string>();

function schemaText(schema: unknown): string {
  if (schema === null || typeof schema !== 'object') return JSON.stringify(schema);
  let text = texts.get(schema);
  if (text === undefined) {
    text = JSON.stringify(schema);
    texts.set(schema, text);
  }
  return text;
}

function validatorSetFor(schemas: Record<string, unknown>): ValidatorSet {
  const wanted = Object.entries(schemas).map(([id, schema]) => [id, schema, schemaText(schema)] as const);
  let set = validatorSets.find((s) => wanted.every(([id, , text]) => (s.shared.get(id) ?? text) === text));
  if (!set) {
    set = { forBody: makeAjv(false), forStrings: makeAjv('array'), shared: new Map(), validators: new Map() };
    validatorSets.push(set);
  }
  for (const [id, schema, text] of wanted) {
    if (set.shared.has(id)) continue;
    set.forBody.addSchema(schema as object, id);
    set.forStrings.addSchema(schema as object, id);
    set.shared.set(id, text);
  }
  return set;
}

/** Errors the router raises before any route runs (an over-long or undecodable path parameter). */
export function frameworkErrors(error: Error & { code?: string }, _request: FastifyRequest, reply: FastifyReply): void {
  const message =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'a path parameter is too long' : error.code === 'FST_ERR_BAD_URL' ? 'the path is not valid' : error.message;
  void reply.status(400).send({ statusCode: 400, error: 'bad_request', message, errors: [{ path: 'params', message }] });
}

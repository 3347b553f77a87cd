// The JSON Schemas in schemas/ serve request validation, response serialisation and OpenAPI at once.
import { readdirSync, readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { projectFile } from '../paths.ts';
import { serviceFileSchema } from '../service-file/validate.ts';

const API_SCHEMA_DIR = projectFile('schemas/api/');

export const SERVICE_FILE_ID = serviceFileSchema.$id as string;

export function apiSchemas(): Record<string, unknown>[] {
  return readdirSync(API_SCHEMA_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(new URL(f, API_SCHEMA_DIR), 'utf8')) as Record<string, unknown>);
}

export function registerSchemas(app: FastifyInstance): void {
  const { $schema: _draft, ...serviceFile } = serviceFileSchema;
  app.addSchema(serviceFile);
  for (const schema of apiSchemas()) app.addSchema(schema);
  // Path and query parameters become OpenAPI Parameter Objects, whose schemas the OpenAPI generator
  // does not link to the shared schemas (a "common#/definitions/Id" inside one came out as a $ref
  // that resolves nowhere). Each route's params and querystring are therefore written out in full.
  app.addHook('onRoute', (route) => {
    const schema = route.schema as { params?: unknown; querystring?: unknown } | undefined;
    if (!schema) return;
    const shared = app.getSchemas();
    if (schema.params !== undefined) schema.params = inlineRefs(schema.params, shared);
    if (schema.querystring !== undefined) schema.querystring = inlineRefs(schema.querystring, shared);
  });
}

/** A copy of `schema` with every $ref into the shared schemas replaced by what it points to. */
export function inlineRefs(schema: unknown, shared: Record<string, unknown>, depth = 0): unknown {
  if (depth > 20) throw new Error('schema references nest too deep (a cycle?)');
  if (Array.isArray(schema)) return schema.map((x) => inlineRefs(x, shared, depth + 1));
  if (schema === null || typeof schema !== 'object') return schema;
  const { $ref, ...rest } = schema as Record<string, unknown>;
  const own = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, inlineRefs(v, shared, depth + 1)]));
  if (typeof $ref !== 'string') return own;
  const [id, pointer = ''] = $ref.split('#');
  let target: unknown = shared[id];
  for (const part of pointer.split('/').filter(Boolean)) target = (target as Record<string, unknown> | undefined)?.[part];
  if (target === undefined) throw new Error(`schema reference ${$ref} resolves nowhere`);
  const { $id: _id, title: _title, ...resolved } = inlineRefs(target, shared, depth + 1) as Record<string, unknown>;
  // Keywords beside the $ref (a description) win over the referenced schema's.
  return { ...resolved, ...own };
}

/** A reference into one of the API schema files, e.g. ref('rotas', 'Rota'). */
export function ref(schemaId: string, definition: string): { $ref: string } {
  return { $ref: `${schemaId}#/definitions/${definition}` };
}

/** A reference into the service-file schema, e.g. fileRef('StaffMember'). */
export function fileRef(definition?: string): { $ref: string } {
  return { $ref: definition ? `${SERVICE_FILE_ID}#/definitions/${definition}` : SERVICE_FILE_ID };
}

const ERROR = ref('common', 'Error');
const ERROR_TEXT: Record<number, string> = {
  400: 'Bad input: each bad field is named in errors',
  401: 'No valid bearer token',
  403: 'The token may not do this',
  404: 'Unknown id',
  409: 'Conflicts with the current state (or breaks a hard rule without override)',
  413: 'Body over 1 MB',
};

/** Error responses every authenticated route can give, plus the ones named. */
export function errors(...codes: number[]): Record<number, unknown> {
  const out: Record<number, unknown> = {};
  for (const code of [400, 401, 403, ...codes]) out[code] = { description: ERROR_TEXT[code], ...ERROR };
  return out;
}

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

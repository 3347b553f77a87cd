// OpenAPI at /documentation/json and Swagger UI at /documentation.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

export const TAGS = [
  { name: 'services', description: 'Import service files; list and export services' },
  { name: 'staff', description: 'Staff members, their qualifications, availability and leave' },
  { name: 'sites', description: 'Team bases and venues' },
  { name: 'templates', description: 'Recurring sessions and shifts with their role demand' },
  { name: 'rotas', description: 'Generate, read, adjust, re-plan and publish weekly rotas' },
  { name: 'auth', description: 'Tokens and who is calling' },
  { name: 'audit', description: 'Who changed what, when and why' },
  { name: 'offers', description: 'Bank offers: offer, accept, decline, cascade' },
  { name: 'payroll', description: 'Session outcomes, sign-off, pay periods and the hours export' },
  { name: 'self-service', description: 'Staff self-service: swaps and give-aways, the open sessions board, leave and availability requests, the fairness ledger' },
];

/** Installs on the root instance itself (not encapsulated), so it covers every route plugin. */
export async function docsPlugin(app: FastifyInstance, opts: { extraTags?: { name: string; description: string }[] }): Promise<void> {
  await app.register(swagger, {
    openapi: {
      // 3.1: the schemas use JSON Schema forms (type arrays for null, numeric exclusiveMinimum) that 3.0 lacks.
      openapi: '3.1.0',
      info: {
        title: 'rota API',
        description:
          'Shift rota and bank-staff scheduling for UK mental-health and community-care services. ' +
          'Send `Authorization: Bearer <token>`; create tokens with `npx rota token create --role manager`.',
        version: '0.1.0',
      },
      tags: [...TAGS, ...(opts.extraTags ?? [])],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    refResolver: {
      // Component names must be plain words; the service-file schema's $id is a URL.
      buildLocalReference(json, _baseUri, _fragment, i) {
        const id = typeof json.$id === 'string' ? json.$id : `def-${i}`;
        return id.includes('service-file') ? 'ServiceFile' : id.replace(/[^A-Za-z0-9._-]/g, '_');
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/documentation' });
}


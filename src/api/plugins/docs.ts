// OpenAPI at /documentation/json and Swagger UI at /documentation.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { EXAMPLES } from '../examples.ts';

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
  { name: 'sign-in', description: 'The web app: one-time links by email, session cookies, users who sign in by email' },
  { name: 'notifications', description: 'The outbox of emails: offers, reminders, published shifts, sign-in links' },
];

/** Installs on the root instance itself (not encapsulated), so it covers every route plugin. */
export async function docsPlugin(
  app: FastifyInstance,
  opts: { extraTags?: { name: string; description: string }[]; publicUrl?: string },
): Promise<void> {
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
      // Relative by default: "try it out" calls the server that served the document.
      servers: [{ url: opts.publicUrl ?? '/', description: opts.publicUrl ? 'the rota API' : 'this server (the one serving this document)' }],
      tags: [...TAGS, ...(opts.extraTags ?? [])],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transformObject: (documentObject) => {
      const doc = 'openapiObject' in documentObject ? documentObject.openapiObject : documentObject.swaggerObject;
      addExamples(doc as Parameters<typeof addExamples>[0]);
      describeAnswers(doc as Parameters<typeof describeAnswers>[0]);
      return doc;
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

type Media = { example?: unknown; examples?: unknown };
type Operation = {
  operationId?: string;
  summary?: string;
  requestBody?: { content?: Record<string, Media> };
  responses?: Record<string, { description?: string; content?: Record<string, Media> }>;
};

/** The service-file schema's own description, which the generator copies onto any answer that refers into it. */
const FILE_DESCRIPTION = /^One service \(or organisation\) as a file/;

/**
 * A success answer without a description of its own says what the operation returns (its summary),
 * not "Default Response" nor the description of the whole service file it borrows a part of.
 */
export function describeAnswers(doc: { paths?: Record<string, Record<string, Operation>> }): void {
  for (const ops of Object.values(doc.paths ?? {})) {
    for (const op of Object.values(ops)) {
      for (const [code, answer] of Object.entries(op.responses ?? {})) {
        if (!/^2\d\d$/.test(code) || !op.summary) continue;
        const borrowed = FILE_DESCRIPTION.test(answer.description ?? '') && op.operationId !== 'exportServiceFile';
        if (answer.description === 'Default Response' || borrowed) answer.description = op.summary;
      }
    }
  }
}

/** Puts src/api/examples.ts into the document: the request body's and the first success answer's. */
export function addExamples(doc: { paths?: Record<string, Record<string, Operation>> }): void {
  for (const ops of Object.values(doc.paths ?? {})) {
    for (const op of Object.values(ops)) {
      const example = op.operationId ? EXAMPLES[op.operationId] : undefined;
      if (!example) continue;
      if (example.request !== undefined) {
        for (const media of Object.values(op.requestBody?.content ?? {})) if (media.example === undefined && media.examples === undefined) media.example = example.request;
      }
      const success = ['200', '201', '202'].find((code) => op.responses?.[code]?.content);
      if (example.response !== undefined && success) {
        const content = op.responses![success].content!;
        // A CSV or calendar answer's example is text; a JSON one's is data.
        const wanted = typeof example.response === 'string' ? Object.keys(content).filter((t) => !t.includes('json')) : Object.keys(content).filter((t) => t.includes('json'));
        for (const type of wanted) if (content[type].example === undefined && content[type].examples === undefined) content[type].example = example.response;
      }
    }
  }
}


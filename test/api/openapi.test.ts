// The served OpenAPI document, checked by a real OpenAPI 3.1 validator and by walking it: every
// $ref resolves, every operation has an operationId, a description and an example, and each
// example is valid against the schema it illustrates.
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from './helpers/app.ts';

type Json = Record<string, any>;

let t: TestApp;
let doc: Json;
beforeAll(async () => {
  t = await testApp();
  const res = await t.app.inject({ method: 'GET', url: '/documentation/json' });
  expect(res.statusCode).toBe(200);
  doc = res.json();
});
afterAll(async () => {
  await t.app.close();
});

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

function operations(): { path: string; method: string; op: Json }[] {
  return Object.entries(doc.paths as Json).flatMap(([path, item]) =>
    Object.entries(item as Json)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, op]) => ({ path, method, op: op as Json })),
  );
}

/** Every "$ref" string in the document with where it is. */
function refs(node: unknown, at = '#'): { at: string; ref: string }[] {
  if (Array.isArray(node)) return node.flatMap((x, i) => refs(x, `${at}/${i}`));
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([k, v]) => (k === '$ref' && typeof v === 'string' ? [{ at, ref: v }] : refs(v, `${at}/${k}`)));
}

function resolvePointer(pointer: string): unknown {
  if (!pointer.startsWith('#/')) return undefined;
  let node: unknown = doc;
  for (const raw of pointer.slice(2).split('/')) {
    const part = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    node = node !== null && typeof node === 'object' ? (node as Json)[part] : undefined;
  }
  return node;
}

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1 by @seriousme/openapi-schema-validator, with servers set', async () => {
    expect(doc.openapi).toMatch(/^3\.1\./);
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(Array.isArray(doc.servers) && doc.servers.length).toBeGreaterThan(0);
    for (const server of doc.servers) expect(typeof server.url).toBe('string');
  });

  it('has no $ref that resolves nowhere', () => {
    const all = refs(doc);
    expect(all.length).toBeGreaterThan(100);
    const unresolved = all.filter(({ ref }) => resolvePointer(ref) === undefined).map(({ at, ref }) => `${at}: ${ref}`);
    expect(unresolved).toEqual([]);
  });

  it('types every parameter (no parameter schema is an untyped reference)', () => {
    const untyped: string[] = [];
    for (const { path, method, op } of operations()) {
      for (const p of (op.parameters ?? []) as Json[]) {
        const schema = (p.schema?.$ref ? resolvePointer(p.schema.$ref) : p.schema) as Json | undefined;
        if (!schema || (schema.type === undefined && schema.enum === undefined && schema.anyOf === undefined)) {
          untyped.push(`${method.toUpperCase()} ${path} ${p.in} ${p.name}`);
        }
      }
    }
    expect(untyped).toEqual([]);
  });

  it('gives every operation a unique operationId, a description, at least one example and a described answer for each status', () => {
    const ops = operations().filter(({ path }) => !path.startsWith('/documentation'));
    expect(ops.length).toBeGreaterThan(60);
    const problems: string[] = [];
    const seen = new Map<string, string>();
    for (const { path, method, op } of ops) {
      const name = `${method.toUpperCase()} ${path}`;
      if (typeof op.operationId !== 'string' || op.operationId === '') problems.push(`${name}: no operationId`);
      else if (seen.has(op.operationId)) problems.push(`${name}: operationId ${op.operationId} also used by ${seen.get(op.operationId)}`);
      else seen.set(op.operationId, name);
      if (typeof op.description !== 'string' || op.description.trim().length < 20) problems.push(`${name}: no description`);
      else if (op.description === op.summary) problems.push(`${name}: the description only repeats the summary`);
      const media = [
        ...Object.values((op.requestBody?.content ?? {}) as Json),
        ...Object.values((op.responses ?? {}) as Json).flatMap((r) => Object.values(((r as Json).content ?? {}) as Json)),
      ] as Json[];
      const hasExample = media.some((m) => m.example !== undefined || m.examples !== undefined) || ((op.parameters ?? []) as Json[]).some((p) => p.example !== undefined);
      if (!hasExample) problems.push(`${name}: no example`);
      for (const [code, answer] of Object.entries((op.responses ?? {}) as Json)) {
        const said = String((answer as Json).description ?? '');
        if (said === '' || said === 'Default Response') problems.push(`${name}: answer ${code} has no description`);
        if (/^One service \(or organisation\)/.test(said) && op.operationId !== 'exportServiceFile') problems.push(`${name}: answer ${code} is described as a whole service file`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('has examples that are valid against the schemas they illustrate', () => {
    const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (a: Ajv2020) => void;
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    addFormats(ajv);
    // Each schema is compiled with the document's components beside it, so "#/components/..." resolves.
    const check = (schema: Json, value: unknown): string | null => {
      const validate = ajv.compile({ ...schema, components: doc.components });
      return validate(value) ? null : ajv.errorsText(validate.errors);
    };
    const problems: string[] = [];
    let checked = 0;
    for (const { path, method, op } of operations()) {
      const name = `${method.toUpperCase()} ${path}`;
      const bodies = Object.entries((op.requestBody?.content ?? {}) as Json).map(([type, m]) => ({ where: `request ${type}`, m: m as Json }));
      const answers = Object.entries((op.responses ?? {}) as Json).flatMap(([code, r]) =>
        Object.entries(((r as Json).content ?? {}) as Json).map(([type, m]) => ({ where: `${code} ${type}`, m: m as Json })),
      );
      for (const { where, m } of [...bodies, ...answers]) {
        const values = m.example !== undefined ? [m.example] : Object.values((m.examples ?? {}) as Json).map((e) => (e as Json).value);
        for (const value of values) {
          checked++;
          const error = check(m.schema ?? {}, value);
          if (error) problems.push(`${name} ${where}: ${error}`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(60);
  });

  it('documents how good a rota is, for the web app: every rota answer carries its quality', () => {
    const deref = (schema: Json | undefined): Json => (schema?.$ref ? (resolvePointer(schema.$ref) as Json) : (schema ?? {}));
    const answers = operations().filter(({ op }) => ['getRota', 'listRotas', 'createRota', 'replanRota'].includes(op.operationId));
    expect(answers.map(({ op }) => op.operationId).sort()).toEqual(['createRota', 'getRota', 'listRotas', 'replanRota']);
    for (const { op } of answers) {
      const [code, answer] = Object.entries(op.responses as Json).find(([c]) => c.startsWith('2'))!;
      const media = (answer as Json).content['application/json'] as Json;
      let schema = deref(media.schema);
      if (schema.type === 'array') schema = deref(schema.items);
      expect(schema.required, `${op.operationId} ${code}`).toContain('quality');
      const quality = deref((schema.properties.quality.anyOf as Json[]).find((s) => s.type !== 'null'));
      expect(quality.properties.status.enum).toEqual(['optimal', 'gap', 'no-bound']);
      for (const field of ['status', 'lowerBound', 'gapPercent', 'note']) expect(quality.properties[field].description, `${op.operationId} quality.${field}`).toMatch(/\w{3,}/);
      const example = Array.isArray(media.example) ? media.example[0] : media.example;
      expect(example, `${op.operationId} example`).toHaveProperty('quality');
    }
    const got = operations().find(({ op }) => op.operationId === 'getRota')!.op;
    const example = (Object.values(got.responses as Json)[0] as Json).content['application/json'].example as Json;
    expect(example.quality).toMatchObject({ status: 'gap', lowerBound: { hard: 0 } });
    expect(example.solveRuns[0].quality.lowerBound).toEqual(example.quality.lowerBound);
  });
});

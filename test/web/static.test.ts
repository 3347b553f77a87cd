// The web app is served by the API server: index.html for `/` and every page path, hashed assets with
// a year's caching and the right types (compressed when asked), nothing from another origin, and the
// API keeps its paths and its JSON 404s.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb, type WebBuild } from '../../src/web/build.ts';
import { PAGE_PREFIXES } from '../../src/web/pages.ts';
import { testApp, type TestApp } from '../api/helpers/app.ts';

let t: TestApp;
let built: WebBuild;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rota-web-'));
  built = await buildWeb(dir);
  t = await testApp({ webRoot: dir });
});
afterAll(async () => {
  await t.app.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('serving the web app', () => {
  it('answers / and page paths (even ones the app does not know yet) with index.html, revalidated each time', async () => {
    const index = readFileSync(join(dir, 'index.html'), 'utf8');
    for (const url of ['/', '/sign-in', '/sign-in/link', '/manage/outbox', '/pay?service=x', '/my/anything/deeper']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type'], url).toMatch(/^text\/html/);
      expect(res.headers['cache-control'], url).toBe('no-cache');
      expect(res.body).toBe(index);
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('serves hashed assets with their types, cached for a year, gzipped when the browser accepts it', async () => {
    const js = await t.app.inject({ method: 'GET', url: `/${built.script}` });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toMatch(/^(text|application)\/javascript/);
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const raw = readFileSync(join(dir, built.script));
    expect(js.rawPayload.equals(raw)).toBe(true);
    const gz = await t.app.inject({ method: 'GET', url: `/${built.script}`, headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).equals(raw)).toBe(true);
    const css = await t.app.inject({ method: 'GET', url: `/${built.style}` });
    expect(css.headers['content-type']).toMatch(/^text\/css/);
  });

  it('loads nothing from another origin: index.html and the bundle name only this site', async () => {
    const index = readFileSync(join(dir, 'index.html'), 'utf8');
    expect(index).not.toMatch(/(src|href)="(https?:)?\/\//);
    const js = readFileSync(join(dir, built.script), 'utf8');
    expect(js).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
  });

  it('a missing asset is a 404, and unknown API paths stay JSON 404s', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/assets/app-NOPE.js' })).statusCode).toBe(404);
    const api = await t.app.inject({ method: 'GET', url: '/no-such-route' });
    expect(api.statusCode).toBe(404);
    expect(api.headers['content-type']).toMatch(/^application\/json/);
    const denied = await t.app.inject({ method: 'GET', url: '/assets/../../package.json' });
    expect(denied.statusCode).toBe(404);
  });

  it('no API route uses a page prefix, so a page can never shadow the API', () => {
    const api = t.app.routeCatalogue.filter((r) => !r.hidden);
    expect(api.length).toBeGreaterThan(25);
    for (const r of api) {
      for (const p of PAGE_PREFIXES) expect(r.url === p || r.url.startsWith(`${p}/`), `${r.method} ${r.url}`).toBe(false);
    }
  });

  it('the API keeps its paths', async () => {
    expect((await t.call('manager', { method: 'GET', url: '/services' })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/documentation/json' })).statusCode).toBe(200);
  });

  it('without a build, pages say how to build it (503) and the API still works', async () => {
    const bare = await testApp({ webRoot: join(dir, 'nothing-here') });
    const res = await bare.app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain('npm run build:web');
    expect((await bare.app.inject({ method: 'GET', url: '/assets/app.js' })).statusCode).toBe(404);
    expect((await bare.call('manager', { method: 'GET', url: '/services' })).statusCode).toBe(200);
    await bare.app.close();
  });
});

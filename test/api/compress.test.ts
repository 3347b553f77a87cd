// JSON answers are compressed when the client accepts it (brotli first, then gzip), and decompress
// to exactly the plain answer; small answers, clients that accept neither, and event streams are
// sent as they are.
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseEncoding } from '../../src/api/plugins/compress.ts';
import { testApp, type TestApp } from './helpers/app.ts';
import { SAMPLE_WEEK } from './helpers/sample-service.ts';

let t: TestApp;
let rotaUrl: string;
beforeAll(async () => {
  t = await testApp();
  const made = await t.call('manager', { method: 'POST', url: '/rotas', payload: { serviceId: 'test-sanctuary', weekStart: SAMPLE_WEEK, seed: 2 } });
  await t.app.ctx.rotas.idle();
  rotaUrl = `/rotas/${made.json().id}`;
});
afterAll(async () => {
  await t.app.close();
});

describe('compressed answers', () => {
  it('reads Accept-Encoding: brotli first, then gzip, q=0 refuses, * stands for the rest', () => {
    expect(chooseEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(chooseEncoding('gzip, deflate')).toBe('gzip');
    expect(chooseEncoding('br;q=0, gzip;q=0.5')).toBe('gzip');
    expect(chooseEncoding('identity')).toBeUndefined();
    expect(chooseEncoding('*')).toBe('br');
    expect(chooseEncoding('*;q=0, gzip')).toBe('gzip');
    expect(chooseEncoding(undefined)).toBeUndefined();
  });

  it('a rota in gzip or brotli decompresses to exactly the plain answer, and is smaller', async () => {
    const plain = await t.call('manager', { method: 'GET', url: rotaUrl });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/accept-encoding/);
    const size = plain.rawPayload.length;
    expect(size).toBeGreaterThan(1024);
    const gz = await t.call('manager', { method: 'GET', url: rotaUrl, headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(Number(gz.headers['content-length'])).toBe(gz.rawPayload.length);
    expect(gz.rawPayload.length).toBeLessThan(size / 2);
    expect(gunzipSync(gz.rawPayload).toString()).toBe(plain.body);
    const br = await t.call('manager', { method: 'GET', url: rotaUrl, headers: { 'accept-encoding': 'gzip, br' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(plain.body);
  });

  it('leaves small answers and event streams as they are', async () => {
    const small = await t.call('none', { method: 'GET', url: '/health', headers: { 'accept-encoding': 'gzip' } });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.json()).toBeTruthy();
    const events = await t.call('manager', { method: 'GET', url: `${rotaUrl}/events`, headers: { 'accept-encoding': 'gzip' } });
    expect(events.headers['content-encoding']).toBeUndefined();
    expect(events.body).toContain('event: done');
  });
});

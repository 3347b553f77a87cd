// JSON answers go out compressed when the client accepts it: a large organisation's rota is most of
// a megabyte of JSON and a tenth of that in gzip, which is what a manager's phone waits for. Brotli
// when accepted (smaller), else gzip; only JSON over 1 KB (smaller answers gain nothing); streams (a
// solve's live events) and the web app's files (pre-compressed at build) are left as they are.
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';
import type { FastifyInstance } from 'fastify';

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

export const COMPRESS_MIN_BYTES = 1024;

/** The encoding to answer with, from an Accept-Encoding header: br, gzip, or none. */
export function chooseEncoding(accept: string | undefined): 'br' | 'gzip' | undefined {
  if (!accept) return undefined;
  const offered = new Map<string, number>();
  for (const part of accept.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    offered.set(name, q === undefined ? 1 : Number(q));
  }
  const weight = (name: string) => offered.get(name) ?? offered.get('*') ?? 0;
  if (weight('br') > 0) return 'br';
  if (weight('gzip') > 0) return 'gzip';
  return undefined;
}

/** Installs on the root instance itself (not encapsulated), so it covers every route plugin. */
export async function compressPlugin(app: FastifyInstance): Promise<void> {
  app.addHook('onSend', async (request, reply, payload) => {
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    if (reply.hasHeader('content-encoding')) return payload;
    const type = String(reply.getHeader('content-type') ?? '');
    if (!type.startsWith('application/json')) return payload;
    const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
    // Whatever is chosen, a cache must keep answers apart by what the client accepts.
    reply.header('vary', 'accept-encoding');
    if (body.length < COMPRESS_MIN_BYTES) return payload;
    const encoding = chooseEncoding(request.headers['accept-encoding']);
    if (!encoding) return payload;
    const packed =
      encoding === 'br'
        ? await brotliAsync(body, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: body.length } })
        : await gzipAsync(body, { level: 6 });
    reply.header('content-encoding', encoding);
    reply.header('content-length', packed.length);
    return packed;
  });
}

// Serves the built web app: hashed assets under /assets/ (cached for a year, never change), and the
// app's index.html for `/` and every page path (src/web/pages.ts), so a page can be reloaded or
// opened from an emailed link. Files come from the build folder (src/web/build.ts) with the gzip or
// brotli copy the browser accepts; nothing is fetched from anywhere else (the CSP says so too).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { PAGE_PREFIXES } from '../../web/pages.ts';

/** What a page may load: only this origin (no CDN), no inline script, no framing. */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

function pageHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-security-policy', PAGE_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('x-frame-options', 'DENY');
}

export async function webPlugin(app: FastifyInstance, opts: { root: string }): Promise<void> {
  const built = existsSync(join(opts.root, 'index.html'));
  // Without a build (a fresh clone before `npm run build:web`) there is nothing to serve: the static
  // plugin is left out rather than warn at every start about a folder that is not there.
  if (built) await app.register(fastifyStatic, { root: opts.root, serve: false, preCompressed: true, index: false, dotfiles: 'deny' });

  app.get('/assets/*', {
    config: { access: 'public' },
    schema: { hide: true },
    handler: async (request, reply) => {
      if (!built) return reply.status(404).type('text/plain; charset=utf-8').send('The web app is not built yet.\n');
      const file = (request.params as { '*': string })['*'];
      // Asset names carry their content hash: a new build makes new names, so a year is safe.
      return pageHeaders(reply).sendFile(`assets/${file}`, { maxAge: 365 * 24 * 3600 * 1000, immutable: true });
    },
  });

  const page = async (_request: unknown, reply: FastifyReply) => {
    pageHeaders(reply);
    if (!built) {
      return reply
        .status(503)
        .type('text/plain; charset=utf-8')
        .header('cache-control', 'no-store')
        .send('The web app is not built yet: run `npm run build:web` (npm start does it for you).\n');
    }
    // Always revalidated (ETag), so a new build is picked up at once.
    return reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false });
  };
  app.get('/', { config: { access: 'public' }, schema: { hide: true }, handler: page });
  for (const prefix of PAGE_PREFIXES) {
    app.get(prefix, { config: { access: 'public' }, schema: { hide: true }, handler: page });
    app.get(`${prefix}/*`, { config: { access: 'public' }, schema: { hide: true }, handler: page });
  }
}

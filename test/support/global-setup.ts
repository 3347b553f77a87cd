// Before any test: build the web app where `npm start` puts it, so routes that serve pages (the
// privacy and logging walks call every route, `/` included) meet the app a user gets, not the
// "not built yet" answer of a fresh clone. esbuild does it in about a second.
//
// Then bundle the solve worker (src/services/solve-worker.ts, with the solver) into one JavaScript
// file and point ROTA_SOLVE_WORKER at it (src/services/solve-runner.ts), which every test process
// and the servers and workers they start inherit: a thread started through the TypeScript bootstrap
// spends about a second registering tsx and loading the sources through it, and the tests start
// hundreds of threads (each app's pool, each bound thread). Same sources, bundled by the esbuild
// that tsx uses; the bundle sits two folders under the root, where src/paths.ts looks for the
// project's files from compiled code. In watch mode esbuild rebuilds it on every change.
// test/api/solve-worker-bound.test.ts still runs the bootstrap itself.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { context } from 'esbuild';
import type { TestProject } from 'vitest/node';
import { buildWeb } from '../../src/web/build.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WORKER_BUNDLE = join(ROOT, 'build/test-solve-worker/solve-worker.js');

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await buildWeb();
  const bundler = await context({
    entryPoints: [join(ROOT, 'src/services/solve-worker.ts')],
    outfile: WORKER_BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  await bundler.rebuild();
  if (project.config.watch) await bundler.watch();
  else await bundler.dispose();
  process.env.ROTA_SOLVE_WORKER = WORKER_BUNDLE;
  return () => bundler.dispose();
}

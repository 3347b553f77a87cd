// Builds the web app (src/web/app) into a folder the server serves: index.html, hashed assets and
// their gzip and brotli copies. esbuild bundles and minifies in well under a second, so `npm start`
// runs it every time (prestart) and tests build into a temporary folder of their own.
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { WEB_BUILD_DIR } from './location.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
export const DEFAULT_WEB_OUT = WEB_BUILD_DIR;
const ENTRY = join(HERE, 'app/main.tsx');

export interface WebBuild {
  outDir: string;
  /** Paths (relative to outDir) of the script and style sheet index.html loads. */
  script: string;
  style: string | undefined;
  /** Bytes of each file index.html loads, raw and gzipped (the first-load figure). */
  sizes: { file: string; bytes: number; gzipBytes: number }[];
}

function indexHtml(script: string, style: string | undefined): string {
  return [
    '<!doctype html>',
    '<html lang="en-GB">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light">',
    '<title>rota</title>',
    '<link rel="icon" href="data:,">',
    style ? `<link rel="stylesheet" href="/${style}">` : '',
    `<script type="module" src="/${script}"></script>`,
    '</head>',
    '<body>',
    '<div id="app"><noscript>rota needs JavaScript switched on.</noscript></div>',
    '</body>',
    '</html>',
    '',
  ]
    .filter((line) => line !== '')
    .join('\n');
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/** Builds into outDir (emptied first). */
export async function buildWeb(outDir: string = DEFAULT_WEB_OUT): Promise<WebBuild> {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const result = await build({
    entryPoints: { app: ENTRY },
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['es2020', 'chrome100', 'safari15', 'firefox100'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    entryNames: 'assets/[name]-[hash]',
    outdir: outDir,
    metafile: true,
    legalComments: 'none',
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const outputs = Object.keys(result.metafile.outputs).map((p) => relative(outDir, resolve(p)));
  const script = outputs.find((p) => p.endsWith('.js'));
  const style = outputs.find((p) => p.endsWith('.css'));
  if (!script) throw new Error('web build produced no script');
  await writeFile(join(outDir, 'index.html'), indexHtml(script, style));
  // Pre-compressed copies: the server sends the smallest the browser accepts, with no work per request.
  for (const file of await filesUnder(outDir)) {
    if (!/\.(js|css|html)$/.test(file)) continue;
    const raw = await readFile(file);
    await writeFile(`${file}.gz`, gzipSync(raw, { level: 9 }));
    await writeFile(`${file}.br`, brotliCompressSync(raw, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11 } }));
  }
  const sizes = [];
  for (const file of ['index.html', script, ...(style ? [style] : [])]) {
    const raw = await readFile(join(outDir, file));
    sizes.push({ file, bytes: raw.length, gzipBytes: gzipSync(raw, { level: 9 }).length });
  }
  return { outDir, script, style, sizes };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = process.argv[2] ? resolve(process.argv[2]) : DEFAULT_WEB_OUT;
  const built = await buildWeb(out);
  const total = built.sizes.reduce((n, s) => n + s.gzipBytes, 0);
  process.stdout.write(
    `web app built in ${relative(process.cwd(), out) || '.'}: ${built.sizes.map((s) => `${s.file} ${(s.gzipBytes / 1024).toFixed(1)} KB`).join(', ')} (gzipped; first load ${(total / 1024).toFixed(1)} KB)\n`,
  );
}

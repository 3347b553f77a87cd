#!/usr/bin/env node
// The CLI runs the compiled JavaScript in dist/ (`npm ci` and `npm start` build it; `npm run build`
// after changing the sources).
import { existsSync } from 'node:fs';

const main = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('rota: the compiled code is missing; run `npm run build` (npm ci and npm start build it too)\n');
  process.exit(2);
}
const { main: run } = await import(main.href);
process.exitCode = await run(process.argv.slice(2));

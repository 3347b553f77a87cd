// npx tsx bench/curtois/features-table.ts [--data <dir>] [--gen-seeds 1,2,3]
// Prints the features of bench/curtois/features.ts for every InstanceN.txt in --data and for the
// generated shapes in both styles, as a markdown table (bench/results/engine.md keeps it).

import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROJECT_ROOT } from '../../src/paths.ts';
import { FEATURE_COLUMNS, instanceFeatures } from './features.ts';
import { BENCHMARK_SHAPES, GENERATOR_STYLES, generateInstance } from './generate.ts';
import { parseCurtois } from './parse.ts';

const argv = process.argv.slice(2);
const flag = (name: string, fallback: string): string => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : fallback;
};
// The default is run.ts's: the shared benchmark folder beside the repository.
const data = resolve(flag('--data', resolve(fileURLToPath(PROJECT_ROOT), '..', 'shared', 'benchmarks', 'curtois')));
const seeds = flag('--gen-seeds', '1').split(',').map(Number);

const rows: [string, string][] = [];
let names: string[] = [];
try {
  names = readdirSync(data).filter((n) => /^Instance\d+\.txt$/.test(n));
} catch {
  console.error(`${data} cannot be read; generated instances only`);
}
names.sort((a, b) => Number(/\d+/.exec(a)?.[0]) - Number(/\d+/.exec(b)?.[0]));
for (const n of names) rows.push([n.replace('.txt', ''), readFileSync(join(data, n), 'utf8')]);
for (const style of GENERATOR_STYLES) {
  for (const shape of BENCHMARK_SHAPES) {
    for (const seed of seeds) {
      const g = generateInstance(shape, seed, style);
      rows.push([`${g.name} ${style}`, g.text]);
    }
  }
}
console.log(`| instance | shape | ${FEATURE_COLUMNS.map((c) => c[1]).join(' | ')} |`);
console.log(`|---|---|${FEATURE_COLUMNS.map(() => '---').join('|')}|`);
for (const [name, text] of rows) {
  const f = instanceFeatures(parseCurtois(text));
  const cells = FEATURE_COLUMNS.map(([key, , digits]) => f[key].toFixed(digits));
  console.log(`| ${name} | ${f.days}x${f.staff}x${f.shiftTypes} | ${cells.join(' | ')} |`);
}

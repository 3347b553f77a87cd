// npm run bench:curtois -- [--instances 1-12] [--generated 1-8 --gen-seeds 1-3 --gen-style real] [--corpus] --seconds 60 --clock cpu
//   [--seed N] [--out <dir>] [--data <path>] [--stages '{"diveShare":0.1}']
// --corpus: every InstanceN.txt in --data and every generated shape (npm run bench:corpus).
// Reads Curtois & Qu instances (the published ones from --data, or generated ones of the shapes of
// bench/curtois/generate.ts), solves each with the engine the product uses (solver/solve.ts), writes
// one roster CSV per instance, and prints a table whose objectives come from the independent checker.

import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { solve } from '../../solver/index.ts';
import { createHighsBackend } from '../../src/milp/highs-backend.ts';
import { checkRoster, readInstance, readRoster } from '../../test/curtois/checker.ts';
import { PROJECT_ROOT } from '../../src/paths.ts';
import { cpuMs, limitsOnCpu } from '../cpu-clock.ts';
import { BENCHMARK_SHAPES, GENERATOR_STYLES, generateInstance, type GeneratorStyle } from './generate.ts';
import { parseCurtois } from './parse.ts';
import { curtoisToProblem, rosterCsv } from './to-problem.ts';

interface Args {
  instances: number[];
  generated: number[];
  genSeeds: number[];
  /** How the generated instances are drawn (generate.ts): classic by default. */
  genStyle: GeneratorStyle;
  seconds: number;
  out: string;
  seed: number;
  data: string;
  clock: 'wall' | 'cpu';
  /** Overrides of the engine's stage settings (for tuning), as JSON. */
  stages: Record<string, number>;
  /** Every instance in --data and every generated shape. */
  corpus: boolean;
}

const repoRoot = fileURLToPath(PROJECT_ROOT);

function parseRange(text: string, flag: string): number[] {
  const out: number[] = [];
  for (const part of text.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) throw new Error(`${flag}: cannot read "${part}" (use e.g. 1-12 or 14,16,18)`);
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    for (let i = a; i <= b; i++) out.push(i);
  }
  return out;
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    instances: [],
    generated: [],
    genSeeds: [1],
    genStyle: 'classic',
    seconds: 60,
    out: join(repoRoot, 'bench', 'results', 'curtois-rosters'),
    seed: 1,
    data: resolve(repoRoot, '..', 'shared', 'benchmarks', 'curtois'),
    clock: 'wall',
    stages: {},
    corpus: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i + 1];
    switch (argv[i]) {
      case '--instances':
        args.instances = parseRange(value, '--instances');
        break;
      case '--generated':
        args.generated = parseRange(value, '--generated');
        for (const g of args.generated) if (g < 1 || g > BENCHMARK_SHAPES.length) throw new Error(`--generated: shapes are 1-${BENCHMARK_SHAPES.length}`);
        break;
      case '--gen-seeds':
        args.genSeeds = parseRange(value, '--gen-seeds');
        break;
      case '--gen-style':
        if (!GENERATOR_STYLES.includes(value as GeneratorStyle)) throw new Error(`--gen-style must be one of ${GENERATOR_STYLES.join(', ')}`);
        args.genStyle = value as GeneratorStyle;
        break;
      case '--seconds':
        args.seconds = Number(value);
        if (!(args.seconds > 0)) throw new Error('--seconds must be a positive number');
        break;
      case '--out':
        args.out = resolve(value);
        break;
      case '--seed':
        args.seed = Number(value);
        if (!Number.isInteger(args.seed)) throw new Error('--seed must be an integer');
        break;
      case '--data':
        args.data = resolve(value);
        break;
      case '--clock':
        if (value !== 'wall' && value !== 'cpu') throw new Error('--clock must be wall or cpu');
        args.clock = value;
        break;
      case '--corpus':
        args.corpus = true;
        continue;
      case '--stages': {
        const parsed: unknown = JSON.parse(value);
        if (typeof parsed !== 'object' || parsed === null || Object.values(parsed).some((v) => typeof v !== 'number')) {
          throw new Error('--stages must be a JSON object of numbers, e.g. {"diveShare":0.1}');
        }
        args.stages = parsed as Record<string, number>;
        break;
      }
      default:
        throw new Error(`unknown argument ${argv[i]}`);
    }
    i++;
  }
  if (args.corpus) {
    args.instances = instancesIn(args.data);
    args.generated = BENCHMARK_SHAPES.map((_, i) => i + 1);
  }
  if (args.instances.length === 0 && args.generated.length === 0) args.instances = parseRange('1-12', '--instances');
  return args;
}

/** The numbers of the InstanceN.txt files in a directory, in order (none when it is missing). */
function instancesIn(dir: string): number[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    console.error(`--data: ${dir} cannot be read; only generated instances run`);
    return [];
  }
  return names
    .map((name) => /^Instance(\d+)\.txt$/.exec(name)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

function bestKnown(dataDir: string): Map<string, number> {
  const out = new Map<string, number>();
  try {
    const lines = readFileSync(join(dataDir, 'best_known.csv'), 'utf8').trim().split('\n').slice(1);
    for (const line of lines) {
      const f = line.split(',');
      out.set(f[0], Number(f[f.length - 1]));
    }
  } catch {
    // No best-known file: the column stays empty.
  }
  return out;
}

interface Case {
  readonly name: string;
  readonly text: string;
  /** Best known objective (published), or the generator's own roster's (an upper bound). */
  readonly reference?: number;
  readonly referenceKind: 'best known' | 'generator roster';
}

const args = parseArgs(process.argv.slice(2));
mkdirSync(args.out, { recursive: true });
const known = bestKnown(args.data);
const cases: Case[] = [
  ...args.instances.map((n) => ({
    name: `Instance${n}`,
    text: readFileSync(join(args.data, `Instance${n}.txt`), 'utf8'),
    reference: known.get(`Instance${n}`),
    referenceKind: 'best known' as const,
  })),
  ...args.generated.flatMap((g) =>
    args.genSeeds.map((seed) => {
      const inst = generateInstance(BENCHMARK_SHAPES[g - 1], seed, args.genStyle);
      return { name: inst.name, text: inst.text, reference: inst.referenceObjective, referenceKind: 'generator roster' as const };
    }),
  ),
];
const highs = await createHighsBackend();
const clock = args.clock === 'cpu' ? cpuMs : (): number => performance.now();
const exact = args.clock === 'cpu' ? limitsOnCpu(highs) : highs;

console.log(
  `Curtois-format instances, ${args.seconds} s (${args.clock} clock) each, seed ${args.seed}, ${new Date().toISOString()}, ` +
    `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`,
);
console.log('| instance | shape | reference | ours | vs reference % | lower bound | status | s to best | found by | wall s | hard violations | stages failed |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const c of cases) {
  // A crash is a result too: its row says so and the run goes on.
  try {
    console.log(runCase(c));
  } catch (error) {
    console.log(`| ${c.name} | | ${c.reference ?? ''} (${c.referenceKind}) | crash: ${error instanceof Error ? error.message : String(error)} | | | | | | | | |`);
  }
}

function runCase(c: Case): string {
  const instance = parseCurtois(c.text);
  const problem = curtoisToProblem(instance);
  const shape = `${instance.horizonDays} x ${instance.staff.length} x ${instance.shifts.length}`;
  const wallStart = performance.now();
  const result = solve(
    problem,
    { exact, clock, timeLimitMs: args.seconds * 1000, seed: args.seed },
    {
      stages: args.stages,
      // CURTOIS_VERBOSE=1 shows where each improvement came from (stderr, not the table).
      onImprove: process.env.CURTOIS_VERBOSE
        ? (e) => console.error(`  ${c.name}: ${e.stage} ${e.score.hard}/${e.score.soft} at ${(e.elapsedMs / 1000).toFixed(1)} s`)
        : undefined,
    },
  );
  if (process.env.CURTOIS_VERBOSE) console.error(`  ${c.name}: ${JSON.stringify(result.stats.stages)}`);
  const wallSeconds = (performance.now() - wallStart) / 1000;
  const csv = rosterCsv(problem, result.assignments);
  writeFileSync(join(args.out, `${c.name}.csv`), csv);
  // The table trusts only the independent checker, re-reading the CSV as written.
  const check = checkRoster(readInstance(c.text), readRoster(csv));
  const vs = c.reference === undefined || c.reference === 0 ? '' : (((check.objective - c.reference) / c.reference) * 100).toFixed(2);
  const q = result.quality;
  const lb = q.lowerBound === undefined ? '' : q.lowerBound.hard > 0 ? `${q.lowerBound.hard} hard` : String(q.lowerBound.soft);
  const status = q.status === 'gap' ? `within ${q.gapPercent}%` : q.status;
  const hard = check.violations.length === 0 ? '0' : `${check.violations.length} (${[...new Set(check.violations.map((v) => v.rule))].join(', ')})`;
  const failed = (result.stats.stages ?? []).filter((s) => s.outcome.startsWith('failed')).map((s) => s.stage).join(', ') || '-';
  return `| ${c.name} | ${shape} | ${c.reference ?? ''} (${c.referenceKind}) | ${check.objective} | ${vs} | ${lb} | ${status} | ${((result.stats.elapsedToBestMs ?? 0) / 1000).toFixed(1)} | ${result.stats.bestFrom} | ${wallSeconds.toFixed(0)} | ${hard} | ${failed} |`;
}

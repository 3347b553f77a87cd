// npm run bench:curtois -- --instances 1-12 --seconds 60 --out <dir> [--seed N] [--data <path>]
// Solves Curtois & Qu instances through the engine (allocation loop + MILP hybrid), writes one roster
// CSV per instance, and prints a table whose numbers come from the independent checker.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { solve } from '../../solver/index.ts';
import { solveHybrid } from '../../solver/hybrid/index.ts';
import type { LpSessionFactory, MilpBackend, MilpSolveOptions } from '../../solver/milp/backend.ts';
import { createHighsBackend } from '../../src/milp/highs-backend.ts';
import { checkRoster, readInstance, readRoster } from '../../test/curtois/checker.ts';
import { PROJECT_ROOT } from '../../src/paths.ts';
import { parseCurtois } from './parse.ts';
import { curtoisToProblem, rosterCsv } from './to-problem.ts';

interface Args {
  instances: number[];
  seconds: number;
  out: string;
  seed: number;
  data: string;
  clock: 'wall' | 'cpu';
  /** Overrides of the hybrid's shares and limits (for tuning), as JSON. */
  hybrid: Record<string, number>;
}

const repoRoot = fileURLToPath(PROJECT_ROOT);

function parseRange(text: string): number[] {
  const out: number[] = [];
  for (const part of text.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) throw new Error(`--instances: cannot read "${part}" (use e.g. 1-12 or 14,16,18)`);
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    for (let i = a; i <= b; i++) out.push(i);
  }
  return out;
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    instances: parseRange('1-12'),
    seconds: 60,
    out: join(repoRoot, 'bench', 'results', 'curtois-rosters'),
    seed: 1,
    data: resolve(repoRoot, '..', 'shared', 'benchmarks', 'curtois'),
    clock: 'wall',
    hybrid: {},
  };
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i + 1];
    switch (argv[i]) {
      case '--instances':
        args.instances = parseRange(value);
        i++;
        break;
      case '--seconds':
        args.seconds = Number(value);
        if (!(args.seconds > 0)) throw new Error('--seconds must be a positive number');
        i++;
        break;
      case '--out':
        args.out = resolve(value);
        i++;
        break;
      case '--seed':
        args.seed = Number(value);
        if (!Number.isInteger(args.seed)) throw new Error('--seed must be an integer');
        i++;
        break;
      case '--data':
        args.data = resolve(value);
        i++;
        break;
      case '--clock':
        if (value !== 'wall' && value !== 'cpu') throw new Error('--clock must be wall or cpu');
        args.clock = value;
        i++;
        break;
      case '--hybrid': {
        const parsed: unknown = JSON.parse(value);
        if (typeof parsed !== 'object' || parsed === null || Object.values(parsed).some((v) => typeof v !== 'number')) {
          throw new Error('--hybrid must be a JSON object of numbers, e.g. {"diveFraction":0.1}');
        }
        args.hybrid = parsed as Record<string, number>;
        i++;
        break;
      }
      default:
        throw new Error(`unknown argument ${argv[i]}`);
    }
  }
  return args;
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

const args = parseArgs(process.argv.slice(2));
mkdirSync(args.out, { recursive: true });
const known = bestKnown(args.data);
const highs = await createHighsBackend();
// wall: elapsed real time. cpu: this process's CPU time, a fair "one core" budget on a machine shared
// with other work (HiGHS's elapsed-time limits are stretched to match, see limitsOnCpu).
const cpuMs = (): number => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};
const clock = args.clock === 'cpu' ? cpuMs : (): number => performance.now();
const milp = args.clock === 'cpu' ? limitsOnCpu(highs) : highs;

/**
 * HiGHS only knows elapsed-time limits. On a CPU clock, stretch each limit by this process's observed
 * elapsed/CPU ratio, so a MILP call gets about the CPU time the hybrid meant to give it.
 */
function limitsOnCpu<B extends MilpBackend & LpSessionFactory>(backend: B): B {
  const wall0 = performance.now();
  const cpu0 = cpuMs();
  const ratio = (): number => {
    const wall = performance.now() - wall0;
    const cpu = cpuMs() - cpu0;
    return cpu > 1000 ? Math.min(30, Math.max(1, wall / cpu)) : 1;
  };
  const stretch = (seconds: number | undefined): number | undefined => (seconds === undefined ? undefined : seconds * ratio());
  return {
    ...backend,
    name: backend.name,
    solve(lp: string, opts: MilpSolveOptions) {
      return backend.solve(lp, { ...opts, timeLimitSeconds: stretch(opts.timeLimitSeconds) });
    },
    // The column-generation master's LP and MIP solves too, or a busy machine cuts them short.
    createLpSession() {
      const session = backend.createLpSession();
      return {
        ...session,
        addRows: (lower: readonly number[], upper: readonly number[]) => session.addRows(lower, upper),
        addColumn: (cost: number, lower: number, upper: number, rows: readonly number[], values: readonly number[]) =>
          session.addColumn(cost, lower, upper, rows, values),
        setColumnBounds: (column: number, lower: number, upper: number) => session.setColumnBounds(column, lower, upper),
        solveLp: (seconds?: number) => session.solveLp(stretch(seconds)),
        solveMip: (columns: readonly number[], o: { timeLimitSeconds?: number; start?: Float64Array }) =>
          session.solveMip(columns, { ...o, timeLimitSeconds: stretch(o.timeLimitSeconds) }),
        dispose: () => session.dispose(),
      };
    },
  };
}

const header = '| instance | best known | ours | gap % | lower bound | proven gap % | seconds to our best | wall seconds | hard violations |';
console.log(
  `Curtois & Qu, ${args.seconds} s (${args.clock} clock) per instance, seed ${args.seed}, ${new Date().toISOString()}, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`,
);
console.log(header);
console.log('|---|---|---|---|---|---|---|---|---|');
for (const n of args.instances) {
  const name = `Instance${n}`;
  const text = readFileSync(join(args.data, `${name}.txt`), 'utf8');
  const problem = curtoisToProblem(parseCurtois(text));
  const wallStart = performance.now();
  const result = solveHybrid(problem, {
    milp,
    lpSessions: milp,
    allocate: solve,
    clock,
    timeLimitMs: args.seconds * 1000,
    seed: args.seed,
    ...args.hybrid,
    // CURTOIS_VERBOSE=1 shows where each improvement came from (stderr, not the table).
    onImprove: process.env.CURTOIS_VERBOSE
      ? (e) => console.error(`  ${name}: ${e.phase} ${e.score.hard}/${e.score.soft} at ${(e.elapsedMs / 1000).toFixed(1)} s`)
      : undefined,
  });
  if (process.env.CURTOIS_VERBOSE) console.error(`  ${name}: ${JSON.stringify(result.stats)}`);
  const wallSeconds = (performance.now() - wallStart) / 1000;
  const csv = rosterCsv(problem, result.assignments);
  writeFileSync(join(args.out, `${name}.csv`), csv);
  // The table trusts only the independent checker, re-reading the CSV as written.
  const check = checkRoster(readInstance(text), readRoster(csv));
  const best = known.get(name);
  const gap = best === undefined ? '' : (((check.objective - best) / best) * 100).toFixed(2);
  const lb = result.stats.lowerBound === undefined ? '' : String(Math.ceil(result.stats.lowerBound - 1e-6));
  const provenGap =
    result.stats.lowerBound === undefined || check.violations.length > 0
      ? ''
      : (((check.objective - Math.ceil(result.stats.lowerBound - 1e-6)) / Math.max(1, check.objective)) * 100).toFixed(2);
  const hard = check.violations.length === 0 ? '0' : `${check.violations.length} (${[...new Set(check.violations.map((v) => v.rule))].join(', ')})`;
  console.log(
    `| ${n} | ${best ?? ''} | ${check.objective} | ${gap} | ${lb} | ${provenGap} | ${(result.stats.elapsedToBestMs / 1000).toFixed(1)} | ${wallSeconds.toFixed(0)} | ${hard} |`,
  );
}

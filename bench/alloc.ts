// Allocation benchmark: synthetic organisations of 50, 500 and 2,000 workers over 4 weeks
// (bench/synthetic), solved by construction + local search on the catalogue's incremental scorer.
// Prints a markdown table; move evaluations per second are measured over the local search phase only.
//
//   npm run bench:alloc -- [--sizes 50,500,2000] [--seconds 5,10,40] [--moves N] [--seed 1] [--out bench/results/alloc.md]
//
// --moves N stops each search after N move evaluations instead of a time limit (the time limit still
// bounds it): the same work in every run, so the CPU-second rate compares runs on a busy machine.

import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { catalogueEngine, solve } from '../solver/solve.ts';
import { syntheticProblem } from './synthetic/organisation.ts';
import { arg } from './args.ts';

const sizes = (arg('sizes') ?? '50,500,2000').split(',').map(Number);
const secondsArg = (arg('seconds') ?? '5,10,40').split(',').map(Number);
const seed = Number(arg('seed') ?? 1);
const maxMoves = arg('moves') === undefined ? undefined : Number(arg('moves'));
const out = arg('out');
// Each explained (place, worker) costs a fraction of a millisecond; short places at 2,000 workers have
// hundreds of candidates each, so the table explains this many workers per place (the API default is all).
const REASONS_PER_PLACE = Number(arg('reasons') ?? 10);

const rows: string[] = [];
const load0 = loadavg()[0];
for (const [i, workers] of sizes.entries()) {
  const seconds = secondsArg[Math.min(i, secondsArg.length - 1)];
  const problem = syntheticProblem({ workers, seed });
  const t0 = performance.now();
  const placeCount = catalogueEngine.createScorer(problem).placeCount;
  const scorerBuildMs = performance.now() - t0;
  let lastReport = '';
  // The solver reads the injected clock at its start, after construction, during the search and at the
  // end of the search; keeping this process's CPU time at each read gives a CPU-time rate as well, which
  // other processes on the machine do not distort.
  const cpuAtRead: number[] = [];
  const clock = () => {
    const now = performance.now();
    const cpu = process.cpuUsage().user / 1000;
    if (cpuAtRead.length < 2) cpuAtRead.push(cpu);
    else cpuAtRead[2] = cpu;
    return now;
  };
  const t1 = performance.now();
  const result = solve(
    problem,
    {
      seed,
      timeLimitMs: seconds * 1000,
      ...(maxMoves !== undefined ? { maxMoves } : {}),
      clock,
      onProgress: (p) => {
        lastReport = `${p.moves} moves, best ${p.best.hard}/${p.best.soft}`;
      },
    },
    { maxReasonsPerPlace: REASONS_PER_PLACE, progressEvery: 200_000 },
  );
  const totalMs = performance.now() - t1;
  const { constructionMs, searchMs, moves } = result.stats;
  const perSecond = searchMs > 0 ? moves / (searchMs / 1000) : 0;
  const searchCpuMs = (cpuAtRead[2] ?? cpuAtRead[1]) - cpuAtRead[1];
  const perCpuSecond = searchCpuMs > 0 ? moves / (searchCpuMs / 1000) : 0;
  const hardShort = result.unfilled.filter((u) => u.level === 'hard').reduce((t, u) => t + u.missing, 0);
  const softShort = result.unfilled.filter((u) => u.level === 'soft').reduce((t, u) => t + u.missing, 0);
  const explainMs = totalMs - constructionMs - searchMs;
  rows.push(
    `| ${workers} | ${problem.slots.length} | ${placeCount} | ${scorerBuildMs.toFixed(0)} | ${constructionMs.toFixed(0)} | ${(searchMs / 1000).toFixed(1)} | ${moves.toLocaleString('en-GB')} | ${Math.round(perSecond).toLocaleString('en-GB')} | ${Math.round(perCpuSecond).toLocaleString('en-GB')} | ${result.score.hard} / ${result.score.soft} | ${hardShort} / ${softShort} | ${explainMs.toFixed(0)} |`,
  );
  process.stderr.write(`${workers} workers done (${lastReport})\n`);
}
const load1 = loadavg()[0];

const header = [
  `Allocation benchmark, ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.versions.node}, seed ${seed}.`,
  `Load average (1 min) ${load0.toFixed(2)} at start, ${load1.toFixed(2)} at end${Math.max(load0, load1) > 1 ? ': other agents were using the CPU at the time' : ''}.`,
  `Peak memory of the process (max RSS, all sizes in one process) ${Math.round(process.resourceUsage().maxRSS / 1024)} MB.`,
  `Search time limit ${sizes.map((n, i) => `${secondsArg[Math.min(i, secondsArg.length - 1)]} s at ${n} workers`).join(', ')} (wall clock)${maxMoves !== undefined ? `, or ${maxMoves.toLocaleString('en-GB')} moves` : ''}; unfilled places explain up to ${REASONS_PER_PLACE} workers each.`,
  '',
  '| workers | slots | places | scorer build ms | construction ms (incl. scorer build) | search s | moves evaluated | move evaluations / s (wall) | move evaluations / CPU s | final hard / soft | unfilled places hard / soft | explain ms |',
  '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...rows,
];
const table = header.join('\n');
console.log(table);
if (out) writeFileSync(out, `${table}\n`);

// Paired comparison of solver builds in one process: the same problem and seed, a fixed number of
// moves per chunk, builds taken in turn (A B C A B C ...), CPU time of each chunk's search phase (the
// solver reads the injected clock after construction and at the end of the search; CPU time is
// taken at those reads, as in alloc.ts). Alternating in short
// chunks lets every build see the same load, so the ratio is meaningful on a busy shared machine
// where separate runs vary by tens of percent.
//
//   npm run build
//   node bench/compare-builds.mjs --workers 500 --moves 300000 --rounds 8 \
//     --build tsx=solver/solve.ts --build js=dist/solver/solve.js [--build other=/path/to/solve.js]
//
// A .ts build is loaded through tsx's loader (registered only for .ts files); .js builds natively.
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const builds = args.flatMap((a, i) => (a === '--build' ? [args[i + 1]] : [])).map((b) => {
  const [name, path] = b.split('=');
  return { name, path: resolve(path) };
});
if (builds.length < 2) throw new Error('give at least two --build name=path');
const workers = Number(arg('workers', 500));
const moves = Number(arg('moves', 300_000));
const rounds = Number(arg('rounds', 8));
const seed = Number(arg('seed', 1));

if (builds.some((b) => b.path.endsWith('.ts'))) register();
const { syntheticProblem } = await import(pathToFileURL(resolve('dist/bench/synthetic/organisation.js')).href);
const problem = syntheticProblem({ workers, seed });
for (const b of builds) b.solve = (await import(pathToFileURL(b.path).href)).solve;

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const samples = new Map(builds.map((b) => [b.name, []]));
const scores = new Map();
const load0 = loadavg()[0];
// One warm-up chunk each (JIT), then the measured rounds.
for (let round = -1; round < rounds; round++) {
  for (const b of round % 2 === 0 ? builds : [...builds].reverse()) {
    const atRead = [];
    const clock = () => {
      atRead.push(cpuMs());
      return performance.now();
    };
    const result = b.solve(problem, { seed, maxMoves: moves, timeLimitMs: 600_000, clock });
    // Reads: start, after construction, during the search, and last at the end of the search.
    const spent = atRead[atRead.length - 1] - atRead[1];
    if (round >= 0) samples.get(b.name).push(spent);
    scores.set(b.name, `${result.score.hard} / ${result.score.soft}`);
  }
}
const load1 = loadavg()[0];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const base = median(samples.get(builds[0].name));
console.log(
  `Paired build comparison, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), Node ${process.versions.node}; ` +
    `${workers} workers, seed ${seed}, ${moves.toLocaleString('en-GB')} moves per chunk (search phase only), ${rounds} rounds; load average ${load0.toFixed(2)} at start, ${load1.toFixed(2)} at end.`,
);
console.log('');
console.log('| build | median search CPU ms per chunk | min | max | relative to the first | moves / CPU s (median) | final hard / soft |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const b of builds) {
  const xs = samples.get(b.name);
  console.log(
    `| ${b.name} | ${Math.round(median(xs))} | ${Math.round(Math.min(...xs))} | ${Math.round(Math.max(...xs))} | ${(median(xs) / base).toFixed(3)} | ${Math.round(moves / (median(xs) / 1000)).toLocaleString('en-GB')} | ${scores.get(b.name)} |`,
  );
}

// `rota plan <file> --week YYYY-MM-DD`: plan one week of a service file with the solver and print the
// rota, what is unfilled and why, and the score by constraint. Everything is computed before anything
// is printed, so a failure never leaves half a rota on stdout.
import { parseArgs } from 'node:util';
import { solve } from '../../../solver/index.ts';
import type { SolveProgress } from '../../../solver/model.ts';
import { createHighsBackend } from '../../milp/highs-backend.ts';
import { compileProblem, historyAfterWeek } from '../../service-file/compile.ts';
import { loadServiceFile } from '../../service-file/load.ts';
import { formatValidationErrors } from '../../service-file/validate.ts';
import { isValidDate, weekdayOf } from '../../time/local-time.ts';
import { loadBankHolidaysFile } from '../../time/bank-holidays.ts';
import { DEFAULT_TIME_ZONE } from '../../service-file/types.ts';
import { UsageError, type CliIo, type Command } from '../io.ts';
import { formatPlanText, planJson, qualityWords } from '../plan-report.ts';

const USAGE = `usage: rota plan <service-file.json> --week YYYY-MM-DD [options]

Plans one week (Monday to Sunday, local time) of a service file and prints the rota as a grid,
then every unfilled place with the reasons, then the score by constraint. The allocation loop runs
first, then the exact stages (HiGHS) while time remains; the plan says how good the rota is: proven
optimal, or within a percentage of the best possible (a lower bound no rota can beat).

options:
  --week YYYY-MM-DD   the Monday the week starts on (required)
  --weeks N           plan N weeks from --week (default 1)
  --seconds N         search time limit in seconds (default 5); the search stops sooner once the
                      rota is proven optimal
  --moves N           stop after N evaluated moves (whichever limit comes first)
  --seed N            random seed, for a repeatable plan (default 1)
  --bank-holidays F   England and Wales bank holidays from F (GOV.UK bank-holidays.json format)
                      instead of the bundled 2024-2030 list
  --json              print the plan as JSON instead of text

A staff member's history is what happened before the week planned: a file whose history ends after
the week starts (e.g. staff[3].history.lastShiftEnd) is refused for that week.

exit codes: 0 planned with no hard rule broken; 1 planned but hard rules broken (or a run error);
            2 bad arguments, an invalid service file, or history after the week planned.`;

function positiveNumber(name: string, raw: string | undefined, integer: boolean): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new UsageError(`--${name} must be a positive ${integer ? 'whole ' : ''}number (got "${raw}")`);
  }
  return n;
}

function parsePlanArgs(args: readonly string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: {
        week: { type: 'string' },
        weeks: { type: 'string' },
        seconds: { type: 'string' },
        moves: { type: 'string' },
        seed: { type: 'string' },
        json: { type: 'boolean', default: false },
        'bank-holidays': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    // node's messages name the flag, e.g. "Unknown option '--wek'".
    throw new UsageError((err as Error).message.split('. ')[0]);
  }
  const { values, positionals } = parsed;
  if (values.help) return { help: true as const };
  if (positionals.length === 0) throw new UsageError('give the service file to plan');
  if (positionals.length > 1) throw new UsageError(`give one service file (got ${positionals.length}: ${positionals.join(', ')})`);
  const week = values.week;
  if (week === undefined) throw new UsageError('--week is required, e.g. --week 2026-11-23');
  if (!isValidDate(week)) throw new UsageError(`--week must be a real date YYYY-MM-DD (got "${week}")`);
  if (weekdayOf(week) !== 0) throw new UsageError(`--week must be a Monday (weeks run Monday to Sunday); ${week} is not`);
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0) throw new UsageError(`--seed must be a whole number from 0 (got "${values.seed}")`);
  const weeks = positiveNumber('weeks', values.weeks, true) ?? 1;
  if (weeks > 8) throw new UsageError('--weeks must be at most 8');
  return {
    help: false as const,
    file: positionals[0],
    week,
    weeks,
    seconds: positiveNumber('seconds', values.seconds, false) ?? 5,
    moves: positiveNumber('moves', values.moves, true),
    seed,
    json: values.json ?? false,
    bankHolidays: values['bank-holidays'],
  };
}

/** Progress on stderr: a live line on a terminal, otherwise only a plain final line. */
function progressReporter(io: CliIo) {
  const live = io.stderr.isTTY === true;
  let lastDraw = -Infinity;
  return {
    onProgress: live
      ? (p: SolveProgress) => {
          const now = io.clock();
          if (now - lastDraw < 100 && p.fraction < 1) return;
          lastDraw = now;
          const pct = Math.round(p.fraction * 100);
          io.stderr.write(`\r  planning ${String(pct).padStart(3)}%  best ${p.best.hard} hard / ${p.best.soft} soft  ${p.moves} moves `);
        }
      : undefined,
    finish(summary: string) {
      io.stderr.write(live ? `\r\x1b[2K  ${summary}\n` : `${summary}\n`);
    },
  };
}

export const planCommand: Command = {
  name: 'plan',
  summary: 'plan a week from a service file and print the rota, the gaps and why, and the score',
  usage: USAGE,
  async run(args, io) {
    const opts = parsePlanArgs(args);
    if (opts.help) {
      io.stdout.write(`${USAGE}\n`);
      return 0;
    }
    const loaded = loadServiceFile(opts.file);
    if (!loaded.ok) {
      const n = loaded.errors.length;
      io.stderr.write(`rota plan: ${opts.file} is not a valid service file (${n} problem${n === 1 ? '' : 's'}):\n${formatValidationErrors(loaded.errors)}\n`);
      return 2;
    }
    const file = loaded.value;
    let bankHolidays;
    if (opts.bankHolidays !== undefined) {
      try {
        bankHolidays = loadBankHolidaysFile(opts.bankHolidays);
      } catch (err) {
        io.stderr.write(`rota plan: cannot use --bank-holidays ${opts.bankHolidays}: ${(err as Error).message}\n`);
        return 2;
      }
    }
    const lateHistory = historyAfterWeek(file, opts.week);
    if (lateHistory.length > 0) {
      const n = lateHistory.length;
      io.stderr.write(
        `rota plan: cannot plan ${opts.file} for the week of ${opts.week}: its history lies after that week starts, ` +
          `and a history is what happened before the week planned (${n} problem${n === 1 ? '' : 's'}):\n${formatValidationErrors(lateHistory)}\n`,
      );
      return 2;
    }
    let compiled;
    try {
      compiled = compileProblem(file, { weekStart: opts.week, days: 7 * opts.weeks, ...(bankHolidays ? { bankHolidays } : {}) });
    } catch (err) {
      io.stderr.write(`rota plan: cannot plan ${opts.file} for the week of ${opts.week}: ${(err as Error).message}\n`);
      return 2;
    }
    const progress = progressReporter(io);
    const exact = await createHighsBackend();
    const started = io.clock();
    const result = solve(compiled.problem, {
      exact,
      seed: opts.seed,
      timeLimitMs: opts.seconds * 1000,
      clock: io.clock,
      ...(opts.moves !== undefined ? { maxMoves: opts.moves } : {}),
      ...(progress.onProgress ? { onProgress: progress.onProgress } : {}),
    });
    const elapsed = ((io.clock() - started) / 1000).toFixed(1);
    progress.finish(
      `planned in ${elapsed} s: ${result.stats.moves} moves, ${result.status}, score ${result.score.hard} hard / ${result.score.soft} soft, ${qualityWords(result.quality)}`,
    );

    const ctx = {
      file,
      filePath: opts.file,
      weekStart: opts.week,
      timeZone: file.timeZone ?? DEFAULT_TIME_ZONE,
      problem: compiled.problem,
      slotInfo: compiled.slotInfo,
      result,
      warnings: compiled.warnings,
    };
    io.stdout.write(opts.json ? `${JSON.stringify(planJson(ctx), null, 2)}\n` : formatPlanText(ctx));
    return result.status === 'feasible' ? 0 : 1;
  },
};

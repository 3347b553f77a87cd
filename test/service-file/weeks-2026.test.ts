// Every fixture planned for weeks spread over 2026 (both clock-change weeks, the August bank holiday
// and Christmas week included), not only the week it was written for. A file's history is what
// happened before the week it was written for: dated after a week planned, it is left out of that
// week (Red Cross's history ends on 20 Dec; planned for 7 Dec it once blocked every coordinator with
// "only -319 h 30 min rest"). No output may show a negative duration, and each week fills its places.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { solve } from '../../solver/index.ts';
import { formatPlanText, planJson } from '../../src/cli/plan-report.ts';
import { compileProblem } from '../../src/service-file/compile.ts';
import { validateServiceFile } from '../../src/service-file/validate.ts';
import type { ServiceFile } from '../../src/service-file/types.ts';
import { localMidnightUtcMin, addDays } from '../../src/time/local-time.ts';
import { dailyRestBreaches } from './rota-check.ts';

const FIXTURES = new URL('../../fixtures/', import.meta.url);
const WEEKS = [
  '2026-01-05',
  '2026-03-23', // Sun 29 Mar: the clocks go forward
  '2026-08-31', // Mon 31 Aug: bank holiday
  '2026-10-19', // Sun 25 Oct: the clocks go back
  '2026-12-07', // before Red Cross's history
  '2026-12-21', // Christmas
];
/** "-319 h 30 min", "-5 min": a duration with a minus sign. */
const NEGATIVE_DURATION = /(^|[^\w-])-\d+ ?(h|min)\b/m;

function load(name: string): ServiceFile {
  const result = validateServiceFile(JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')));
  if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.errors)}`);
  return result.value;
}

describe.each([
  ['crisis-sanctuary.json', 6000],
  ['greenwich-rehab.json', 6000],
  ['north-kent-bank.json', 6000],
  ['red-cross-7-day.json', 6000],
  ['tameside-cmht.json', 6000],
  ['large-organisation.json', 1500],
])('%s planned across 2026', (name, maxMoves) => {
  it.each(WEEKS)('the week of %s plans, fills its places and applies only history from before it', (week) => {
    const file = load(name);
    const compiled = compileProblem(file, { weekStart: week });
    const { problem } = compiled;
    for (const slot of problem.slots) expect(slot.endMin).toBeGreaterThan(slot.startMin);

    const result = solve(problem, { seed: 3, maxMoves });
    let wanted = 0;
    for (const slot of problem.slots) for (const role of slot.roles) wanted += role.preferred;
    expect(wanted).toBeGreaterThan(0);
    expect(result.assignments.length / wanted, `${result.assignments.length} of ${wanted} places filled`).toBeGreaterThanOrEqual(0.8);
    expect(dailyRestBreaches(problem, result.assignments)).toEqual([]);

    const ctx = { file, filePath: name, weekStart: week, timeZone: compiled.timeZone, problem, slotInfo: compiled.slotInfo, result, warnings: compiled.warnings };
    const text = formatPlanText(ctx);
    const json = JSON.stringify(planJson(ctx));
    expect(text).not.toMatch(NEGATIVE_DURATION);
    expect(json).not.toMatch(NEGATIVE_DURATION);

    // History dated after the week (past the end of its first day) is left out; the rest is applied.
    const firstDayEnd = localMidnightUtcMin(addDays(week, 1), file.timeZone ?? 'Europe/London');
    file.staff.forEach((s, i) => {
      const stated = s.history?.lastShiftEnd;
      const applied = problem.workers[i].history;
      if (stated !== undefined && Date.parse(stated) / 60_000 > firstDayEnd) expect(applied, `${s.id} history after ${week}`).toBeUndefined();
      else expect(applied !== undefined, `${s.id} history before ${week}`).toBe(s.history !== undefined);
    });
  }, 120_000);
});

// Turns a solved week into what people read (a grid, the unfilled places with reasons, the score by
// constraint) and into the machine form printed by `rota plan --json`. The CLI plans from a file and
// sends no offers, so every bank worker's place is a proposal: nothing is theirs until they accept
// an offer. The grid and --json say so, and the counts keep them apart from places held.
import { headline } from '../../solver/explain/headline.ts';
import type { Problem, SolveQuality, SolveResult, UnfilledPlace } from '../../solver/model.ts';
import type { SlotInfo } from '../service-file/compile.ts';
import type { ServiceFile } from '../service-file/types.ts';

export interface PlanContext {
  readonly file: ServiceFile;
  readonly filePath: string;
  readonly weekStart: string;
  readonly timeZone: string;
  readonly problem: Problem;
  readonly slotInfo: Readonly<Record<string, SlotInfo>>;
  readonly result: SolveResult;
  readonly warnings: readonly string[];
}

/** The most reasons printed per unfilled place in the text form (--json has them all). */
const MAX_REASONS = 6;

function siteTag(siteId: string | null): string {
  if (siteId === null) return 'remote';
  return siteId.replace(/^(site|base|venue)-/, '');
}

function table(rows: readonly (readonly string[])[], rightAlign: ReadonlySet<number> = new Set()): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (rightAlign.has(c) ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd());
}

function placeCounts(problem: Problem, result: SolveResult): { filled: number; proposed: number; preferred: number; min: number } {
  let preferred = 0;
  let min = 0;
  for (const s of problem.slots) for (const r of s.roles) {
    preferred += r.preferred;
    min += r.min;
  }
  const bank = bankWorkers(problem);
  const proposed = result.assignments.filter((a) => bank.has(a.workerId)).length;
  return { filled: result.assignments.length, proposed, preferred, min };
}

function bankWorkers(problem: Problem): Set<string> {
  return new Set(problem.workers.filter((w) => w.kind === 'bank').map((w) => w.id));
}

export function formatPlanText(ctx: PlanContext): string {
  return [...summaryLines(ctx), '', ...gridLines(ctx), '', ...unfilledSection(ctx.result), '', ...scoreLines(ctx.result), '', solvedLine(ctx.result), ''].join('\n');
}

/** The heading: the week, the headline and score, the quality, bank holidays and the compiler's warnings. */
function summaryLines(ctx: PlanContext): string[] {
  const { problem, result, file } = ctx;
  const lines: string[] = [];
  const counts = placeCounts(problem, result);
  lines.push(`${file.organisation.name}: week of ${problem.days[0].label} ${ctx.weekStart.slice(0, 4)} (${ctx.timeZone})`);
  lines.push(
    `${headline(result.score, result.analysis, result.unfilled).text}; score ${result.score.hard} hard / ${result.score.soft} soft; ` +
      `${counts.filled} place${counts.filled === 1 ? '' : 's'} filled (${counts.min} needed at least, ${counts.preferred} wanted)`,
  );
  lines.push(`Quality: ${qualityWords(result.quality)}`);
  if (counts.proposed > 0) {
    lines.push(
      `Of them ${counts.proposed} proposed to bank workers, marked (proposed): not covered until the worker accepts an offer ` +
        '(offers go out when the rota is published through the API).',
    );
  }
  const holidays = problem.days.filter((d) => d.isBankHoliday).map((d) => d.label);
  if (holidays.length) lines.push(`Bank holidays: ${holidays.join(', ')}`);
  for (const w of ctx.warnings) lines.push(`Warning: ${w}`);
  return lines;
}

/** The grid: one row per worker, one column per day; each cell the sessions that start that day. */
function gridLines(ctx: PlanContext): string[] {
  const { problem, result } = ctx;
  const slotById = new Map(problem.slots.map((s) => [s.id, s]));
  const cells = dayCells(ctx, slotById);
  const header = ['Worker', ...problem.days.map((d) => `${d.label}${d.isBankHoliday ? ' (BH)' : ''}`), 'Hours'];
  const rows: string[][] = [header];
  const minutesBy = new Map<string, number>();
  for (const a of result.assignments) minutesBy.set(a.workerId, (minutesBy.get(a.workerId) ?? 0) + slotById.get(a.slotId)!.workMinutes);
  for (const w of problem.workers) {
    const perDay = cells.get(w.id)!;
    const minutes = minutesBy.get(w.id) ?? 0;
    rows.push([
      `${w.name}${w.kind === 'bank' ? ' (bank)' : ''}`,
      ...perDay.map((c) => (c.length ? c.join(' + ') : '-')),
      minutes ? `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}` : '-',
    ]);
  }
  return table(rows, new Set([header.length - 1]));
}

/** Each worker's sessions by day, in start order, as the grid writes them. */
function dayCells(ctx: PlanContext, slotById: Map<string, PlanContext['problem']['slots'][number]>): Map<string, string[][]> {
  const { problem, result, slotInfo } = ctx;
  const manySites = ctx.file.sites.length > 1;
  const cells = new Map<string, string[][]>();
  for (const w of problem.workers) cells.set(w.id, problem.days.map(() => []));
  const sorted = [...result.assignments].sort((a, b) => slotById.get(a.slotId)!.startMin - slotById.get(b.slotId)!.startMin);
  const bank = bankWorkers(problem);
  for (const a of sorted) {
    const slot = slotById.get(a.slotId)!;
    const info = slotInfo[a.slotId];
    let text = `${info.kind} ${info.localStart}-${info.localEnd}`;
    if (slot.roles.length > 1) text += ` (${a.roleId})`;
    if (manySites) text += ` @${siteTag(info.siteId)}`;
    if (a.pinned) text += ' [pinned]';
    if (bank.has(a.workerId)) text += ' (proposed)';
    cells.get(a.workerId)![slot.dayIndex].push(text);
  }
  return cells;
}

/** Unfilled places, hard first, with the move that fills one and why each worker could not take them. */
function unfilledSection(result: PlanContext['result']): string[] {
  const unfilled = [...result.unfilled].sort((a, b) => (a.level === b.level ? 0 : a.level === 'hard' ? -1 : 1));
  if (unfilled.length === 0) return ['Unfilled: none, every place is filled to its preferred number.'];
  return [`Unfilled (${unfilled.length}):`, ...unfilled.flatMap((u) => unfilledLines(u))];
}

/** Score by constraint: only those that cost something. */
function scoreLines(result: PlanContext['result']): string[] {
  const active = result.analysis.filter((c) => c.total > 0);
  if (active.length === 0) return ['Score by constraint: every constraint fully met.'];
  const scoreRows = [
    ['level', 'constraint', 'penalty', 'breaches', 'rule'],
    ...active
      .sort((a, b) => (a.level === b.level ? b.total - a.total : a.level === 'hard' ? -1 : 1))
      .map((c) => [c.level, c.id, String(c.total), String(c.matches.length), c.name]),
  ];
  return ['Score by constraint:', ...table(scoreRows, new Set([2, 3])).map((l) => `  ${l}`)];
}

function solvedLine(result: PlanContext['result']): string {
  return `Solved in ${(result.stats.constructionMs + result.stats.searchMs).toFixed(0)} ms (${result.stats.moves} moves, seed ${result.stats.seed}).`;
}

/** How good the rota is, in words: proven optimal, within x% of the best possible, or no bound and why. */
export function qualityWords(q: SolveQuality): string {
  const bound = q.lowerBound ? `no rota scores below ${q.lowerBound.hard} hard / ${q.lowerBound.soft} soft` : '';
  if (q.status === 'optimal') return `proven optimal (${bound})`;
  if (q.status === 'gap') return `within ${q.gapPercent}% of the best possible (${bound})`;
  return `no bound (${q.note ?? 'nothing proved'})`;
}

/**
 * One short place: the proposed move, then each worker's reasons, their own facts apart from what the
 * rota made ("placed elsewhere": those places could move).
 */
function unfilledLines(u: UnfilledPlace): string[] {
  const what = u.level === 'hard' ? 'short of the minimum' : 'short of the preferred number';
  const lines = [`  ${u.level === 'hard' ? 'HARD' : 'soft'}  ${u.slotLabel}: ${u.roleName ?? u.roleId}, ${u.missing} ${what}`];
  if (u.move) lines.push(`        Fix: ${u.move.words}`);
  else if (u.moveSearch && u.reasons.length > 0) {
    lines.push(`        Fix: ${u.moveSearch.complete ? 'no move of one or two places fills it without breaking a hard rule' : 'none found within the search bound'}`);
  }
  if (u.reasons.length === 0) lines.push('        nobody holds this role');
  for (const r of u.reasons.slice(0, MAX_REASONS)) {
    const prefix = `${r.workerName}: `;
    // Under the place's own heading, its label is "this session": the lines stay short.
    const strip = (m: string) => (m.startsWith(prefix) ? m.slice(prefix.length) : m).split(u.slotLabel).join('this session');
    const blockers = r.blockers ?? [];
    if (blockers.length === 0) {
      lines.push(`        ${r.workerName ? prefix : ''}${r.blocks.map(strip).join('; ')}`);
      continue;
    }
    const facts = blockers.filter((b) => b.category === 'worker').map((b) => strip(b.message));
    const moved = blockers.filter((b) => b.category === 'rota' && b.movable).map((b) => strip(b.message));
    const pinned = blockers.filter((b) => b.category === 'rota' && !b.movable).map((b) => strip(b.message));
    const parts = [
      ...(facts.length ? [facts.join('; ')] : []),
      ...(moved.length ? [`placed elsewhere, movable: ${moved.join('; ')}`] : []),
      ...(pinned.length ? [`placed elsewhere, pinned: ${pinned.join('; ')}`] : []),
    ];
    lines.push(`        ${prefix}${parts.join(' | ')}`);
  }
  if (u.reasons.length > MAX_REASONS) lines.push(`        ... and ${u.reasons.length - MAX_REASONS} more (see --json)`);
  return lines;
}

export function planJson(ctx: PlanContext): unknown {
  const { problem, result, slotInfo } = ctx;
  const workerName = new Map(problem.workers.map((w) => [w.id, w.name]));
  const bank = bankWorkers(problem);
  return {
    organisation: ctx.file.organisation,
    file: ctx.filePath,
    weekStart: ctx.weekStart,
    timeZone: ctx.timeZone,
    days: problem.days.map((d, i) => ({ index: i, label: d.label, isBankHoliday: d.isBankHoliday })),
    status: result.status,
    headline: headline(result.score, result.analysis, result.unfilled),
    score: result.score,
    quality: result.quality,
    warnings: ctx.warnings,
    assignments: result.assignments.map((a) => {
      const info = slotInfo[a.slotId];
      return {
        slotId: a.slotId,
        roleId: a.roleId,
        workerId: a.workerId,
        workerName: workerName.get(a.workerId),
        pinned: a.pinned,
        // proposed: a bank worker's place is not theirs until they accept an offer (the CLI sends none).
        bankState: bank.has(a.workerId) ? 'proposed' : null,
        templateId: info.templateId,
        kind: info.kind,
        siteId: info.siteId,
        date: info.date,
        start: info.startIso,
        end: info.endIso,
        workMinutes: info.workMinutes,
      };
    }),
    unfilled: result.unfilled,
    analysis: result.analysis.map((c) => ({ id: c.id, name: c.name, level: c.level, weight: c.weight, total: c.total, matches: c.matches })),
    stats: result.stats,
  };
}

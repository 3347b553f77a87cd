// Which places are left short, and for each one why every worker holding the role could not take
// it, sorted into the worker's own facts and what the rota made (solver/explain/blockers.ts), what the
// soft rules say about a worker nothing hard blocks, and the cheapest move that fills it
// (solver/explain/move.ts). Used after a search and by the API after a manual change.
//
// explainBlocks walks the whole problem, which costs tens of milliseconds per call on thousands of
// slots. A hard rule on one worker only reads that worker's own slots, and the one rule that reads
// other workers (no more than max in a role) only reads the slot-role itself. So each question is put
// to a problem cut down to the worker, the slots they hold, the slot asked about, the workers
// already in that slot-role and the sites of those slots. The words are the same (checked by a property test).

import type { Assignment, Problem, SoftRuleCost, UnfilledPlace, UnfilledReason, Violation } from '../model.ts';
import { assignmentKey, withoutPinned } from '../engine/pinned.ts';
import type { Scorer } from '../engine/scorer.ts';
import type { SearchEngine } from './engine.ts';
import { blockerWords, categorise, reasonRank, unblockedWords } from '../explain/blockers.ts';
import { DEFAULT_MOVE_BUDGET, PlaceMap, proposeMove, type MoveBudget } from '../explain/move.ts';
import { roleName } from '../constraints/types.ts';

export interface UnfilledOptions {
  /** Explain at most this many workers per short (slot, role); the rest are summarised. */
  readonly maxReasonsPerPlace: number;
  /** A search made this rota (default): a worker nothing blocks is one "the search did not use". */
  readonly afterSearch?: boolean;
  /** A scorer holding exactly this rota, to price moves; built with the engine when absent. */
  readonly scorer?: Scorer;
  /** Scored deltas the move search may spend, per place and in all. */
  readonly moveBudget?: { readonly perPlace: number; readonly total: number };
  /** Once true (the solve's time is up), the workers not yet explained are summarised and no move is sought. */
  readonly late?: () => boolean;
  /**
   * Workers explained in all, over every short place (each is a few scored questions; default from
   * DEFAULT_EXPLAIN_WORK); past it the rest are summarised. Bounds the explanation of a rota with thousands of short places by its size,
   * not the clock, so a stopped solve is explained like a finished one.
   */
  readonly maxQuestions?: number;
}

/**
 * Default for maxQuestions, as workers explained times days of the horizon (a question's cost grows
 * with the worker's rota): about 14,000 workers on a week, 3,500 on four weeks, 275 on a year.
 */
export const DEFAULT_EXPLAIN_WORK = 100_000;

/** Reads the clock once every CLOCK_EVERY questions (a CPU clock is a system call), and stays late once late. */
const CLOCK_EVERY = 64;
function latched(late: (() => boolean) | undefined): () => boolean {
  if (!late) return () => false;
  let calls = 0;
  let done = false;
  return () => done || (calls++ % CLOCK_EVERY === 0 && (done = late()));
}

type Question<T> = (problem: Problem, assignments: readonly Assignment[], s: number, r: number, w: number) => T;

export function findUnfilled(
  problem: Problem,
  assignments: readonly Assignment[],
  engine: SearchEngine,
  options: UnfilledOptions,
): UnfilledPlace[] {
  const lookups = indexAssignments(problem, assignments);
  const workersInSlot = problem.slots.map(() => new Set<string>());
  for (const a of assignments) {
    const s = lookups.slotIndex.get(a.slotId);
    if (s !== undefined) workersInSlot[s].add(a.workerId);
  }
  const clockLate = latched(options.late);
  const maxQuestions = options.maxQuestions ?? Math.ceil(DEFAULT_EXPLAIN_WORK / Math.max(1, problem.days.length));
  let map: PlaceMap | null | undefined;
  const placeMap = (): PlaceMap | null => (map === undefined ? (map = buildPlaceMap(problem, assignments, engine, options.scorer)) : map);
  const budgetTotal = options.moveBudget ?? DEFAULT_MOVE_BUDGET;
  const run: ShortfallRun = {
    ask: {
      problem,
      lookups,
      blockers:
        engine.explainBlockers ?? ((p, a, s, r, w) => engine.explainBlocks(p, a, s, r, w).map((message) => ({ constraintId: '', penalty: 0, message }))),
      softCosts: engine.softCosts,
      placeMap,
    },
    workersInSlot,
    options,
    afterSearch: options.afterSearch ?? true,
    questions: 0,
    late: () => run.questions >= maxQuestions || clockLate(),
    budget: { perPlace: budgetTotal.perPlace, remaining: budgetTotal.total },
  };
  const out: UnfilledPlace[] = [];
  problem.slots.forEach((slot, s) => slot.roles.forEach((_, r) => out.push(...explainShortfall(run, s, r))));
  return out;
}

/** What the explanations of one solve share: the questions asked so far count against one budget. */
interface ShortfallRun {
  readonly ask: Asker;
  readonly workersInSlot: readonly Set<string>[];
  readonly options: UnfilledOptions;
  readonly afterSearch: boolean;
  questions: number;
  readonly late: () => boolean;
  readonly budget: MoveBudget;
}

/** The (slot, role)'s places short of min and of preferred, each with its reasons and a move. */
function explainShortfall(run: ShortfallRun, s: number, r: number): UnfilledPlace[] {
  const { problem, lookups } = run.ask;
  const slot = problem.slots[s];
  const demand = slot.roles[r];
  const count = lookups.bySlotRole.get(`${slot.id}\u0000${demand.roleId}`)?.length ?? 0;
  const hardMissing = Math.max(0, demand.min - count);
  const softMissing = Math.max(0, demand.preferred - Math.max(count, demand.min));
  if (hardMissing === 0 && softMissing === 0) return [];
  const level = hardMissing > 0 ? 'hard' : 'soft';

  const reasons: UnfilledReason[] = [];
  // Workers worth trying in a move: free ones, then those only the rota's movable places block.
  const free: number[] = [];
  const movable: number[] = [];
  const untried: number[] = [];
  let unexplained = 0;
  const inSlot = run.workersInSlot[s];
  problem.workers.forEach((worker, w) => {
    if (!worker.roles.includes(demand.roleId)) return;
    if (inSlot.has(worker.id) || reasons.length >= run.options.maxReasonsPerPlace || run.late()) {
      if (!inSlot.has(worker.id)) unexplained++;
      untried.push(w);
      return;
    }
    run.questions++;
    const { reason, kind } = explainWorker(run.ask, s, r, w, level, run.afterSearch);
    reasons.push(reason);
    if (kind === 'free') free.push(w);
    else if (kind === 'movable') movable.push(w);
  });
  // Stable: within a rank, workers stay in the problem's order.
  reasons.sort((a, b) => reasonRank(a) - reasonRank(b));
  if (unexplained > 0) {
    reasons.push({ workerId: '', workerName: '', blocks: [`${unexplained} more workers holding role ${roleName(problem, demand.roleId)} not explained`] });
  }
  const places = run.late() ? null : run.ask.placeMap();
  const search = places ? proposeMove(places, s, r, level, [...free, ...movable, ...untried], run.budget) : undefined;
  const place = {
    slotId: slot.id,
    slotLabel: slot.label,
    roleId: demand.roleId,
    ...(problem.roleNames?.[demand.roleId] ? { roleName: problem.roleNames[demand.roleId] } : {}),
    reasons,
  };
  const found = search ? { ...(search.move ? { move: search.move } : {}), moveSearch: { evaluated: search.evaluated, complete: search.complete } } : {};
  const out: UnfilledPlace[] = [];
  if (hardMissing > 0) out.push({ ...place, missing: hardMissing, level: 'hard', ...found });
  if (softMissing > 0) out.push({ ...place, missing: softMissing, level: 'soft', ...(hardMissing > 0 ? {} : found) });
  return out;
}

/** What one explanation needs: the problem and rota, and the engine's questions. */
interface Asker {
  readonly problem: Problem;
  readonly lookups: AssignmentLookups;
  readonly blockers: Question<Violation[]>;
  readonly softCosts?: Question<SoftRuleCost[]>;
  placeMap(): PlaceMap | null;
}

/**
 * Why worker w is not in (s, r): their hard blockers sorted into their own facts and what the rota
 * made (movable or pinned), or when nothing hard blocks, what the soft rules say. `kind` tells the
 * move search whether trying them can help.
 */
function explainWorker(
  ask: Asker,
  s: number,
  r: number,
  w: number,
  level: 'hard' | 'soft',
  afterSearch: boolean,
): { reason: UnfilledReason; kind: 'free' | 'movable' | 'blocked' } {
  const { problem, lookups } = ask;
  const worker = problem.workers[w];
  const full = askOnCut(problem, lookups, ask.blockers, s, r, w);
  if (full.length === 0) {
    const costs = ask.softCosts ? askOnCut(problem, lookups, ask.softCosts, s, r, w) : undefined;
    const total = costs ? costs.reduce((t, c) => t + c.cost, 0) : softDelta(ask.placeMap(), s, r, w);
    const reason: UnfilledReason = {
      workerId: worker.id,
      workerName: worker.name,
      blocks: [unblockedWords(worker.name, level, total, costs, afterSearch)],
      blockers: [],
      ...(costs ? { softCosts: costs } : {}),
    };
    return { reason, kind: 'free' };
  }
  const own = lookups.byWorker.get(worker.id) ?? [];
  const pins = own.filter((a) => lookups.isPinned(a));
  // Asked again with none of their places (what remains is theirs), and with only the pinned ones.
  const alone = own.length > 0 ? askOnCut(problem, lookups, ask.blockers, s, r, w, []) : null;
  const pinnedOnly = pins.length === 0 ? null : pins.length === own.length ? full : askOnCut(problem, lookups, ask.blockers, s, r, w, pins);
  const blockers = categorise(full, alone, pinnedOnly);
  const reason: UnfilledReason = { workerId: worker.id, workerName: worker.name, blocks: blockers.map(blockerWords), blockers };
  return { reason, kind: blockers.every((b) => b.category === 'rota' && b.movable) ? 'movable' : 'blocked' };
}

/** Soft change of putting worker w in an empty place of (s, r), from the scorer; 0 when unknown. */
function softDelta(map: PlaceMap | null, s: number, r: number, w: number): number {
  if (!map) return 0;
  const empty = map.places(s, r).find((p) => map.scorer.workerOf(p) < 0);
  if (empty === undefined) return 0;
  map.scorer.deltaAssign(empty, w);
  return map.scorer.dSoft;
}

/**
 * The given scorer, or one built with the engine and filled with the rota. Null when the scorer
 * cannot hold this rota exactly (more workers in a role than its places, e.g. a manager's override
 * past the maximum): no move is then proposed, since it could not be priced.
 */
function buildPlaceMap(problem: Problem, assignments: readonly Assignment[], engine: SearchEngine, given?: Scorer): PlaceMap | null {
  if (given) {
    let n = 0;
    for (let p = 0; p < given.placeCount; p++) if (given.workerOf(p) >= 0) n++;
    if (n === assignments.length) return new PlaceMap(given);
  }
  const scorer = engine.createScorer(problem);
  const map = new PlaceMap(scorer);
  const slotIndex = new Map(problem.slots.map((s, i) => [s.id, i]));
  const workerIndex = new Map(problem.workers.map((w, i) => [w.id, i]));
  for (const a of withoutPinned(problem.pinned, assignments)) {
    const s = slotIndex.get(a.slotId);
    const w = workerIndex.get(a.workerId);
    if (s === undefined || w === undefined) return null;
    const r = problem.slots[s].roles.findIndex((x) => x.roleId === a.roleId);
    const place = map.places(s, r).find((p) => scorer.workerOf(p) < 0 && !scorer.isPinned(p));
    if (place === undefined) return null;
    scorer.assign(place, w);
  }
  // Pinned places the rota does not list would make the scorer's rota another one.
  if (scorer.assignments().length !== assignments.length) return null;
  return new PlaceMap(scorer);
}

interface AssignmentLookups {
  readonly slotIndex: ReadonlyMap<string, number>;
  readonly byWorker: ReadonlyMap<string, Assignment[]>;
  readonly bySlotRole: ReadonlyMap<string, Assignment[]>;
  readonly workerById: ReadonlyMap<string, Problem['workers'][number]>;
  isPinned(a: Assignment): boolean;
}

export function indexAssignments(problem: Problem, assignments: readonly Assignment[]): AssignmentLookups {
  const slotIndex = new Map(problem.slots.map((s, i) => [s.id, i]));
  const byWorker = new Map<string, Assignment[]>();
  const bySlotRole = new Map<string, Assignment[]>();
  for (const a of assignments) {
    const w = byWorker.get(a.workerId);
    if (w) w.push(a);
    else byWorker.set(a.workerId, [a]);
    const key = `${a.slotId}\u0000${a.roleId}`;
    const sr = bySlotRole.get(key);
    if (sr) sr.push(a);
    else bySlotRole.set(key, [a]);
  }
  const workerById = new Map(problem.workers.map((x) => [x.id, x]));
  const pinned = new Set(problem.pinned.map(assignmentKey));
  const isPinned = (a: Assignment) => pinned.has(assignmentKey(a));
  return { slotIndex, byWorker, bySlotRole, workerById, isPinned };
}

/** explainBlocks for (slot s, role r, worker w), asked of the cut-down problem described above. */
export function explainOne(
  problem: Problem,
  lookups: AssignmentLookups,
  engine: Pick<SearchEngine, 'explainBlocks'>,
  s: number,
  r: number,
  w: number,
): string[] {
  return askOnCut(problem, lookups, engine.explainBlocks, s, r, w);
}

/**
 * Ask a question about (slot s, role r, worker w) of the cut-down problem. `own` replaces the places
 * the worker holds (none: what remains is about the worker alone).
 */
export function askOnCut<T>(
  problem: Problem,
  lookups: AssignmentLookups,
  question: Question<T>,
  s: number,
  r: number,
  w: number,
  own?: readonly Assignment[],
): T {
  const slot = problem.slots[s];
  const worker = problem.workers[w];
  const held = own ?? lookups.byWorker.get(worker.id) ?? [];
  const sameRole = (lookups.bySlotRole.get(`${slot.id}\u0000${slot.roles[r].roleId}`) ?? []).filter((a) => a.workerId !== worker.id);
  const slotSet = new Set<number>([s]);
  for (const a of held) {
    const i = lookups.slotIndex.get(a.slotId);
    if (i !== undefined) slotSet.add(i);
  }
  const slotOrder = [...slotSet].sort((a, b) => a - b);
  const workerIds = [worker.id];
  for (const a of sameRole) if (!workerIds.includes(a.workerId)) workerIds.push(a.workerId);
  const slots = slotOrder.map((i) => problem.slots[i]);
  const siteIds = new Set<string>();
  for (const x of slots) if (x.siteId !== null) siteIds.add(x.siteId);
  const sub: Problem = {
    ...problem,
    // Only the sites of these slots: travel tables are built per problem and grow with sites squared.
    sites: problem.sites.filter((x) => siteIds.has(x.id)),
    slots,
    workers: workerIds.map((id) => lookups.workerById.get(id)!),
    pinned: [],
  };
  return question(sub, [...held, ...sameRole], slotOrder.indexOf(s), r, 0);
}

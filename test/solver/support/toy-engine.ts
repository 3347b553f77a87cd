// A deliberately small and slow reference engine for testing the allocation loop on its own:
// a handful of rules, re-evaluated in full on every delta. Not a second constraint catalogue; it
// exists so loop behaviour (pinning, determinism, re-plan, explanations) is testable without it.

import type { Assignment, ConstraintSummary, Problem, Score, Violation } from '../../../solver/model.ts';
import type { Scorer } from '../../../solver/engine/scorer.ts';
import type { SearchEngine } from '../../../solver/search/engine.ts';

interface ToyRule {
  id: string;
  name: string;
  level: 'hard' | 'soft';
  violations(problem: Problem, byWorker: Map<number, { s: number; r: number }[]>, counts: number[][]): Violation[];
}

function overlapMinutes(a0: number, a1: number, b0: number, b1: number): number {
  return Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
}

function hm(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

const rules: ToyRule[] = [
  {
    id: 'toy.coverMin',
    name: 'Minimum cover',
    level: 'hard',
    violations: (problem, _by, counts) =>
      problem.slots.flatMap((slot, s) =>
        slot.roles.flatMap((d, r) =>
          counts[s][r] < d.min
            ? [{ constraintId: 'toy.coverMin', penalty: (d.min - counts[s][r]) * slot.priority, message: `${slot.label}: ${d.roleId} short`, slotId: slot.id }]
            : [],
        ),
      ),
  },
  {
    id: 'toy.coverPreferred',
    name: 'Preferred cover',
    level: 'soft',
    violations: (problem, _by, counts) =>
      problem.slots.flatMap((slot, s) =>
        slot.roles.flatMap((d, r) => {
          const gap = Math.abs(counts[s][r] - d.preferred);
          return gap > 0 ? [{ constraintId: 'toy.coverPreferred', penalty: gap * 100 * slot.priority, message: `${slot.label}: ${d.roleId} off preferred`, slotId: slot.id }] : [];
        }),
      ),
  },
  {
    id: 'toy.rest',
    name: 'Overlap and rest between shifts',
    level: 'hard',
    violations: (problem, byWorker) => {
      const out: Violation[] = [];
      for (const [w, held] of byWorker) {
        const worker = problem.workers[w];
        const slots = held.map((h) => h.s).sort((a, b) => problem.slots[a].startMin - problem.slots[b].startMin || a - b);
        for (let i = 0; i < slots.length; i++) {
          for (let j = i + 1; j < slots.length; j++) {
            const a = problem.slots[slots[i]];
            const b = problem.slots[slots[j]];
            const gap = b.startMin - a.endMin;
            const short = slots[i] === slots[j] ? 100000 : gap < 0 ? overlapMinutes(a.startMin, a.endMin, b.startMin, b.endMin) + worker.minRestMinutes : Math.max(0, worker.minRestMinutes - gap);
            if (short > 0) out.push({ constraintId: 'toy.rest', penalty: short, message: `${worker.name}: ${a.label} and ${b.label} too close`, workerId: worker.id });
          }
        }
      }
      return out;
    },
  },
  {
    id: 'toy.leave',
    name: 'Not on leave',
    level: 'hard',
    violations: (problem, byWorker) => {
      const out: Violation[] = [];
      for (const [w, held] of byWorker) {
        const worker = problem.workers[w];
        for (const { s } of held) {
          const slot = problem.slots[s];
          for (const u of worker.unavailability) {
            if (overlapMinutes(slot.startMin, slot.endMin, u.startMin, u.endMin) > 0) {
              out.push({ constraintId: 'toy.leave', penalty: 1000, message: `${worker.name}: on ${u.reason} during ${slot.label}`, workerId: worker.id });
            }
          }
        }
      }
      return out;
    },
  },
  {
    id: 'toy.cost',
    name: 'Cost',
    level: 'soft',
    violations: (problem, byWorker) => {
      const out: Violation[] = [];
      for (const [w, held] of byWorker) {
        const worker = problem.workers[w];
        for (const { s } of held) {
          const penalty = Math.round((problem.slots[s].workMinutes * worker.costPencePerHour) / 60);
          if (penalty > 0) out.push({ constraintId: 'toy.cost', penalty, message: `${worker.name} cost`, workerId: worker.id });
        }
      }
      return out;
    },
  },
];

function resolve(problem: Problem, assignments: readonly Assignment[]) {
  const slotIndex = new Map(problem.slots.map((s, i) => [s.id, i]));
  const workerIndex = new Map(problem.workers.map((w, i) => [w.id, i]));
  const byWorker = new Map<number, { s: number; r: number }[]>();
  const counts = problem.slots.map((s) => s.roles.map(() => 0));
  for (const a of assignments) {
    const s = slotIndex.get(a.slotId)!;
    const r = problem.slots[s].roles.findIndex((d) => d.roleId === a.roleId);
    const w = workerIndex.get(a.workerId)!;
    counts[s][r]++;
    const list = byWorker.get(w) ?? [];
    list.push({ s, r });
    byWorker.set(w, list);
  }
  return { byWorker, counts };
}

export function toyEvaluateAll(problem: Problem, assignments: readonly Assignment[]): { score: Score; analysis: ConstraintSummary[] } {
  const { byWorker, counts } = resolve(problem, assignments);
  let hard = 0;
  let soft = 0;
  const analysis = rules.map((rule) => {
    const matches = rule.violations(problem, byWorker, counts);
    const total = matches.reduce((t, v) => t + v.penalty, 0);
    if (rule.level === 'hard') hard += total;
    else soft += total;
    return { id: rule.id, name: rule.name, level: rule.level, weight: 1, total, matches };
  });
  return { score: { hard, soft }, analysis };
}

export function toyExplainBlocks(problem: Problem, assignments: readonly Assignment[], s: number, r: number, w: number): string[] {
  const worker = problem.workers[w];
  const slot = problem.slots[s];
  const blocks: string[] = [];
  for (const u of worker.unavailability) {
    if (overlapMinutes(slot.startMin, slot.endMin, u.startMin, u.endMin) > 0) blocks.push(`${worker.name}: on ${u.reason} during ${slot.label}`);
  }
  for (const a of assignments) {
    if (a.workerId !== worker.id) continue;
    const other = problem.slots.find((x) => x.id === a.slotId)!;
    const gap = other.endMin <= slot.startMin ? slot.startMin - other.endMin : other.startMin >= slot.endMin ? other.startMin - slot.endMin : -1;
    if (gap < 0) blocks.push(`${worker.name}: already working ${other.label}`);
    else if (gap < worker.minRestMinutes) {
      const before = other.endMin <= slot.startMin;
      blocks.push(`${worker.name}: only ${hm(gap)} rest ${before ? 'after' : 'before'} ${other.label}; needs ${hm(worker.minRestMinutes)}`);
    }
  }
  void r;
  return blocks;
}

/** A Scorer that re-evaluates the whole rota for every delta: slow, obviously right, for tiny problems. */
export class FullEvalScorer implements Scorer {
  readonly placeCount: number;
  dHard = 0;
  dSoft = 0;
  private readonly slotOf: number[] = [];
  private readonly roleOf: number[] = [];
  private readonly cands: number[][] = [];
  private readonly pinnedFlags: boolean[] = [];
  private readonly workers: number[] = [];
  private current: Score;

  /** `initial` (e.g. places a worker already holds) fills places after the pinned ones, unpinned. */
  constructor(
    readonly problem: Problem,
    private readonly evaluateScore: (problem: Problem, assignments: readonly Assignment[]) => Score,
    initial: readonly Assignment[] = [],
  ) {
    const isPin = (a: Assignment) => problem.pinned.some((p) => p.slotId === a.slotId && p.roleId === a.roleId && p.workerId === a.workerId);
    const held = initial.filter((a) => !isPin(a));
    problem.slots.forEach((slot, s) => {
      slot.roles.forEach((d, r) => {
        const holders = problem.workers.flatMap((w, i) => (w.roles.includes(d.roleId) ? [i] : []));
        const here = (a: Assignment) => a.slotId === slot.id && a.roleId === d.roleId;
        const filled = [...problem.pinned.filter(here).map((a) => ({ a, pinned: true })), ...held.filter(here).map((a) => ({ a, pinned: false }))];
        const count = Math.max(filled.length, Math.min(d.max, holders.length));
        for (let k = 0; k < count; k++) {
          this.slotOf.push(s);
          this.roleOf.push(r);
          this.cands.push(holders);
          const fill = filled[k];
          this.pinnedFlags.push(fill?.pinned ?? false);
          this.workers.push(fill ? problem.workers.findIndex((w) => w.id === fill.a.workerId) : -1);
        }
      });
    });
    this.placeCount = this.slotOf.length;
    this.current = this.evaluate();
  }

  private evaluate(): Score {
    return this.evaluateScore(this.problem, this.assignments());
  }

  placeSlot(p: number): number {
    return this.slotOf[p];
  }
  placeRole(p: number): number {
    return this.roleOf[p];
  }
  candidates(p: number): readonly number[] {
    return this.cands[p];
  }
  isPinned(p: number): boolean {
    return this.pinnedFlags[p];
  }
  workerOf(p: number): number {
    return this.workers[p];
  }
  score(): Score {
    return this.current;
  }
  deltaAssign(place: number, worker: number): void {
    const old = this.workers[place];
    this.workers[place] = worker;
    const next = this.evaluate();
    this.workers[place] = old;
    this.dHard = next.hard - this.current.hard;
    this.dSoft = next.soft - this.current.soft;
  }
  deltaSwap(a: number, b: number): void {
    const wa = this.workers[a];
    const wb = this.workers[b];
    this.workers[a] = wb;
    this.workers[b] = wa;
    const next = this.evaluate();
    this.workers[a] = wa;
    this.workers[b] = wb;
    this.dHard = next.hard - this.current.hard;
    this.dSoft = next.soft - this.current.soft;
  }
  assign(place: number, worker: number): void {
    if (this.pinnedFlags[place]) throw new Error(`full-eval scorer: place ${place} is pinned`);
    this.workers[place] = worker;
    this.current = this.evaluate();
  }
  assignments(): Assignment[] {
    const out: Assignment[] = [];
    this.workers.forEach((w, p) => {
      if (w < 0) return;
      const slot = this.problem.slots[this.slotOf[p]];
      out.push({ slotId: slot.id, roleId: slot.roles[this.roleOf[p]].roleId, workerId: this.problem.workers[w].id });
    });
    return out;
  }
}

export const toyEngine: SearchEngine = {
  createScorer: (problem) => new FullEvalScorer(problem, (p, a) => toyEvaluateAll(p, a).score),
  evaluateAll: toyEvaluateAll,
  explainBlocks: toyExplainBlocks,
};

/** The real constraint catalogue behind a full re-evaluation scorer: a slow oracle for the loop. */
export function fullEvalEngine(
  evaluateAll: SearchEngine['evaluateAll'],
  explainBlocks: SearchEngine['explainBlocks'],
): SearchEngine {
  return {
    createScorer: (problem) => new FullEvalScorer(problem, (p, a) => evaluateAll(p, a).score),
    evaluateAll,
    explainBlocks,
  };
}

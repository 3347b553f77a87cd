// The solves in flight, as a manager watches them: the best score so far, how far the search went
// and the time left, pushed to whoever listens (the API streams it as server-sent events), and the
// stop that ends a solve early and keeps its best rota so far. In memory: a solve lives in this
// process only (a restart marks it failed, see RotaService.recoverInterrupted).
import { performance } from 'node:perf_hooks';
import type { Score, SolveProgress } from '../../solver/model.ts';
import type { RotaStatus } from '../db/schema/index.ts';

export interface LiveSolve {
  rotaId: string;
  status: RotaStatus;
  /** What is being solved: a new week or a re-plan; null once nothing runs. */
  kind: 'generate' | 'replan' | null;
  /** The best score found so far (while the solve runs), else the rota's stored score. */
  best: Score | null;
  moves: number | null;
  elapsedMs: number | null;
  /** 0..1 of the time (or move) budget used. */
  fraction: number | null;
  timeLimitMs: number | null;
  /** Milliseconds of the time budget left (0 once a stop is asked for); null when not running or untimed. */
  timeLeftMs: number | null;
  /** Who asked to stop this solve early, and when; the best rota so far is kept. */
  stop: { by: string; at: string } | null;
  /** The finished rota: no hard rule broken and every minimum held. */
  feasible: boolean | null;
  error: string | null;
}

interface Active {
  readonly kind: 'generate' | 'replan';
  readonly controller: AbortController;
  /** performance.now() when the solve was handed to the thread pool. */
  startedAt?: number;
  progress?: SolveProgress;
  progressAt?: number;
  stop?: { by: string; at: string };
}

export type LiveListener = () => void;

/** Tracks the solves in flight and who listens to each. */
export class SolveWatch {
  private readonly active = new Map<string, Active>();
  private readonly listeners = new Map<string, Set<LiveListener>>();
  /** Who stopped each rota's last solve, so its end can still say so (until its next solve). */
  private readonly stopped = new Map<string, { by: string; at: string }>();

  /** A solve is queued: returns the signal that stops it. */
  begin(rotaId: string, kind: 'generate' | 'replan'): AbortSignal {
    const controller = new AbortController();
    this.active.set(rotaId, { kind, controller });
    this.stopped.delete(rotaId);
    this.notify(rotaId);
    return controller.signal;
  }

  started(rotaId: string): void {
    const a = this.active.get(rotaId);
    if (a) a.startedAt = performance.now();
    this.notify(rotaId);
  }

  progress(rotaId: string, progress: SolveProgress): void {
    const a = this.active.get(rotaId);
    if (!a) return;
    // After a stop the solve's clock runs past its budget (stop-clock.ts): its elapsed time is no
    // longer real, so the time shown stays where the stop found it.
    a.progress = a.stop ? { ...progress, elapsedMs: a.progress?.elapsedMs ?? 0, fraction: a.progress?.fraction ?? 0 } : progress;
    a.progressAt = performance.now();
    this.notify(rotaId);
  }

  /** Asks the solve to stop; false when none is in flight. A second ask keeps the first one's name. */
  requestStop(rotaId: string, by: string, at: string): { by: string; at: string } | undefined {
    const a = this.active.get(rotaId);
    if (!a) return undefined;
    a.stop ??= { by, at };
    a.controller.abort();
    this.notify(rotaId);
    return a.stop;
  }

  /** The solve is over (stored or failed); the caller has updated the rota first. */
  end(rotaId: string): { stop?: { by: string; at: string } } {
    const a = this.active.get(rotaId);
    this.active.delete(rotaId);
    if (a?.stop) this.stopped.set(rotaId, a.stop);
    this.notify(rotaId);
    return { stop: a?.stop };
  }

  get(rotaId: string): Readonly<Active> | undefined {
    return this.active.get(rotaId);
  }

  /** The stop of the solve in flight, or of the rota's last solve if it was stopped. */
  stopOf(rotaId: string): { by: string; at: string } | undefined {
    return this.active.get(rotaId)?.stop ?? this.stopped.get(rotaId);
  }

  /** Called on every change of the solve; returns the unsubscribe. */
  subscribe(rotaId: string, listener: LiveListener): () => void {
    let set = this.listeners.get(rotaId);
    if (!set) this.listeners.set(rotaId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(rotaId) === set) this.listeners.delete(rotaId);
    };
  }

  private notify(rotaId: string): void {
    for (const listener of [...(this.listeners.get(rotaId) ?? [])]) listener();
  }
}

/** The live view of one rota: its stored row, with the solve in flight laid over it. */
export function liveView(
  row: { id: string; status: RotaStatus; scoreHard: number | null; scoreSoft: number | null; feasible: boolean | null; error: string | null },
  active: Readonly<Active> | undefined,
  stop: { by: string; at: string } | undefined,
  budget: { timeLimitMs?: number },
): LiveSolve {
  const solving = row.status === 'queued' || row.status === 'running';
  const stored = row.scoreHard === null || row.scoreSoft === null ? null : { hard: row.scoreHard, soft: row.scoreSoft };
  const p = solving ? active?.progress : undefined;
  const timeLimitMs = budget.timeLimitMs ?? null;
  let timeLeftMs: number | null = null;
  if (row.status === 'running' && timeLimitMs !== null && active?.startedAt !== undefined) {
    const now = performance.now();
    const elapsed = p && active.progressAt !== undefined ? p.elapsedMs + (now - active.progressAt) : now - active.startedAt;
    timeLeftMs = stop ? 0 : Math.max(0, Math.round(timeLimitMs - elapsed));
  }
  return {
    rotaId: row.id,
    status: row.status,
    kind: solving ? (active?.kind ?? null) : null,
    best: p ? { hard: p.best.hard, soft: p.best.soft } : solving ? null : stored,
    moves: p?.moves ?? null,
    elapsedMs: p ? Math.round(p.elapsedMs) : null,
    fraction: p ? p.fraction : null,
    timeLimitMs,
    timeLeftMs,
    stop: stop ?? null,
    feasible: solving ? null : row.feasible,
    error: row.error,
  };
}

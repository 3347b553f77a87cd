// Works the job queue in this process: claims due jobs of the kinds it handles (up to a limit per
// kind), runs them, keeps their heartbeat, and sweeps jobs whose process stopped answering (back to
// the queue while attempts remain, else failed with the reason). Every API process and every
// `npm run worker` process runs one; they share the queue through the database.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Db } from '../db/client.ts';
import * as repo from './repository.ts';
import type { JobKind, JobRow, Tx } from './repository.ts';

export interface JobContext {
  /** This process's id in jobs.locked_by. */
  readonly workerId: string;
  /** Aborted when another process took the job over (this one's heartbeat was missed) or on shutdown. */
  readonly signal: AbortSignal;
}

export interface JobHandler {
  /** Jobs of this kind at once in this process; 0 works none. */
  readonly concurrency: number;
  run(job: JobRow, ctx: JobContext): Promise<void> | void;
  /**
   * Told, inside the sweep's transaction, that a job of this kind was abandoned by its process: it
   * will be retried, or it failed for good with `reason`.
   */
  abandoned?(tx: Tx, job: JobRow, outcome: 'retry' | 'failed', reason: string): void;
  /** Told, inside the transaction that gives it back, that this process is stopping and released the job. */
  released?(tx: Tx, job: JobRow, reason: string): void;
}

export interface JobWorkerOptions {
  readonly handlers: Partial<Record<JobKind, JobHandler>>;
  /** How often to look for due jobs (ms); jobs this process queues itself start at once (kick). */
  readonly pollMs?: number;
  readonly heartbeatMs?: number;
  /** A running job with no heartbeat for this long is taken back (ms). */
  readonly timeoutMs?: number;
  readonly now?: () => number;
  readonly onError?: (error: unknown, context: string) => void;
  readonly workerId?: string;
}

export interface JobSettings {
  readonly pollMs: number;
  readonly heartbeatMs: number;
  readonly timeoutMs: number;
}

/** ROTA_JOB_POLL_MS (500), ROTA_JOB_HEARTBEAT_MS (2000), ROTA_JOB_TIMEOUT_MS (30000). */
export function jobSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): JobSettings {
  const ms = (name: string, fallback: number) => {
    const v = Number(env[name]);
    return Number.isInteger(v) && v >= 10 ? v : fallback;
  };
  const heartbeatMs = ms('ROTA_JOB_HEARTBEAT_MS', 2000);
  return { pollMs: ms('ROTA_JOB_POLL_MS', 500), heartbeatMs, timeoutMs: Math.max(ms('ROTA_JOB_TIMEOUT_MS', 30_000), 3 * heartbeatMs) };
}

export function newWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

interface Running {
  readonly job: JobRow;
  readonly abort: AbortController;
  readonly done: Promise<void>;
}

export class JobWorker {
  readonly workerId: string;
  private readonly handlers: Partial<Record<JobKind, JobHandler>>;
  private readonly settings: JobSettings;
  private readonly now: () => number;
  private readonly onError: (error: unknown, context: string) => void;
  private readonly running = new Map<number, Running>();
  private pollTimer?: NodeJS.Timeout;
  private beatTimer?: NodeJS.Timeout;
  private kicked = false;
  private stopped = true;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly db: Db,
    options: JobWorkerOptions,
  ) {
    this.workerId = options.workerId ?? newWorkerId();
    this.handlers = options.handlers;
    const env = jobSettingsFromEnv();
    this.settings = {
      pollMs: options.pollMs ?? env.pollMs,
      heartbeatMs: options.heartbeatMs ?? env.heartbeatMs,
      timeoutMs: options.timeoutMs ?? env.timeoutMs,
    };
    this.now = options.now ?? Date.now;
    this.onError = options.onError ?? (() => {});
  }

  private kinds(): JobKind[] {
    return (Object.keys(this.handlers) as JobKind[]).filter((k) => (this.handlers[k]?.concurrency ?? 0) > 0);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.pollTimer = setInterval(() => this.tick(), this.settings.pollMs);
    this.pollTimer.unref();
    this.beatTimer = setInterval(() => this.beat(), this.settings.heartbeatMs);
    this.beatTimer.unref();
    this.kick();
  }

  /** Look for work now (a job was just queued by this process). */
  kick(): void {
    if (this.stopped || this.kicked) return;
    this.kicked = true;
    setImmediate(() => {
      this.kicked = false;
      this.tick();
    });
  }

  /** One pass: sweep stale jobs, then claim and start what this process has room for. */
  tick(): void {
    if (this.stopped) return;
    try {
      this.sweep();
      for (;;) {
        const kinds = this.kinds().filter((k) => this.runningOf(k) < this.handlers[k]!.concurrency);
        if (kinds.length === 0) break;
        const job = this.db.transaction((tx) => repo.claimJob(tx, kinds, this.workerId, this.now()), { behavior: 'immediate' });
        if (!job) break;
        this.launch(job);
      }
    } catch (error) {
      this.onError(error, 'job queue pass');
    }
    this.settleIdle();
  }

  private runningOf(kind: JobKind): number {
    let n = 0;
    for (const r of this.running.values()) if (r.job.kind === kind) n++;
    return n;
  }

  private launch(job: JobRow): void {
    const handler = this.handlers[job.kind]!;
    const abort = new AbortController();
    const done = (async () => {
      try {
        await handler.run(job, { workerId: this.workerId, signal: abort.signal });
        // A handler that returns without finishing its job (e.g. an offer step) is finished here.
        this.db.transaction(
          (tx) => {
            const row = repo.getJob(tx, job.id);
            if (row?.state === 'running' && row.lockedBy === this.workerId) repo.finishJob(tx, job.id, this.workerId, this.now());
          },
          { behavior: 'immediate' },
        );
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        try {
          this.db.transaction((tx) => repo.failJob(tx, job.id, this.workerId, message, this.now()), { behavior: 'immediate' });
        } catch (inner) {
          this.onError(inner, `job ${job.id} (${job.kind} ${job.key})`);
        }
        this.onError(error, `job ${job.id} (${job.kind} ${job.key})`);
      } finally {
        this.running.delete(job.id);
        this.kick();
        this.settleIdle();
      }
    })();
    this.running.set(job.id, { job, abort, done });
  }

  /** Keeps this process's jobs alive; a job another process took over is told to stop. */
  private beat(): void {
    if (this.running.size === 0) return;
    try {
      const held = repo.heartbeat(this.db, this.workerId, [...this.running.keys()], this.now());
      for (const [id, r] of this.running) if (!held.has(id)) r.abort.abort(new Error('another process took this job over'));
    } catch (error) {
      this.onError(error, 'job heartbeat');
    }
  }

  /** Jobs whose process stopped answering: retried while attempts remain, else failed with the reason. */
  sweep(): number {
    const cutoff = this.now() - this.settings.timeoutMs;
    const seconds = Number((this.settings.timeoutMs / 1000).toFixed(1));
    return this.db.transaction(
      (tx) => {
        // Never this process's own running jobs: it knows they are alive (a late beat means a busy
        // event loop here, not a dead process); other processes judge them by the heartbeat.
        const stale = repo.staleJobs(tx, cutoff).filter((j) => !(j.lockedBy === this.workerId && this.running.has(j.id)));
        for (const job of stale) {
          const reason = `the process running it (${job.lockedBy ?? 'unknown'}) stopped answering: no heartbeat for ${seconds} s`;
          const outcome = repo.abandonJob(tx, job, reason, this.now());
          this.handlers[job.kind]?.abandoned?.(tx, job, outcome, reason);
        }
        return stale.length;
      },
      { behavior: 'immediate' },
    );
  }

  /** Resolves when this process runs no job and none it would take is due. */
  async idle(): Promise<void> {
    for (;;) {
      if (this.running.size === 0) {
        const due = this.stopped ? null : repo.nextDueMs(this.db, this.kinds().filter((k) => k === 'solve'));
        if (due === null || due > this.now()) return;
        this.kick();
      }
      await new Promise<void>((resolve) => {
        this.idleWaiters.push(resolve);
        // Re-check on the poll interval even if nothing settles (another process's job).
        setTimeout(resolve, Math.min(this.settings.pollMs, 200)).unref();
      });
    }
  }

  private settleIdle(): void {
    if (this.running.size > 0) return;
    for (const w of this.idleWaiters.splice(0)) w();
  }

  /** Stops claiming; jobs still running are given back to the queue (another process takes them). */
  async stop(reason = 'the process running it stopped'): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.pollTimer);
    clearInterval(this.beatTimer);
    for (const [id, r] of this.running) {
      try {
        this.db.transaction(
          (tx) => {
            if (repo.releaseJob(tx, id, this.workerId, reason)) this.handlers[r.job.kind]?.released?.(tx, r.job, reason);
          },
          { behavior: 'immediate' },
        );
      } catch (error) {
        this.onError(error, `releasing job ${id}`);
      }
      r.abort.abort(new Error(reason));
    }
    // A job's thread may only stop when its owner closes the thread pool: callers close it, then await this.
    await Promise.allSettled([...this.running.values()].map((r) => r.done));
  }

  /** The jobs running here now (for tests and the worker's status). */
  runningJobs(): JobRow[] {
    return [...this.running.values()].map((r) => r.job);
  }
}

// Asking for a solve: a new rota for a week, or a re-plan of one, queued as a solve job in the same
// transaction as the rota's change; and what a rota becomes when the queue takes its job back.
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/client.ts';
import * as repo from '../db/repositories/rota-repo.ts';
import * as jobsRepo from '../jobs/repository.ts';
import type { JobHandler } from '../jobs/worker.ts';
import type { Actor } from './actor.ts';
import { recordAudit } from './audit.ts';
import { BadRequestError } from './errors.ts';
import { actorLabel, type RotaCore } from './rota-core.ts';

/** What a solve job carries: which solve, who asked, the seed. */
export interface SolvePayload {
  readonly kind: 'generate' | 'replan';
  readonly actor: Actor;
  readonly seed?: number;
}

/** A queued solve: its payload and the rota and service it is for. */
export type QueuedSolve = SolvePayload & { readonly rotaId: string; readonly serviceId: string };

/** What asking for a solve answers: the job queued, and the rota's week. */
export interface SolveRequested {
  readonly job: QueuedSolve;
  readonly weekStart: string;
}

const SYSTEM_SOLVE_ACTOR: Actor = { tokenId: null, role: 'manager', name: 'system' };

type WriteTx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** A new queued rota for the week, audited, with its solve job. */
export function queueGenerate(core: RotaCore, actor: Actor, input: { serviceId: string; weekStart: string; seed?: number }): SolveRequested {
  core.loadFile(input.serviceId);
  checkWeekStart(input.weekStart);
  // Compiling waits for the background solve: it can take most of a second for a large organisation.
  const id = randomUUID();
  const at = core.iso();
  const job: QueuedSolve = { rotaId: id, serviceId: input.serviceId, kind: 'generate', actor, seed: input.seed };
  core.db.transaction((tx) => {
    repo.insertRota(tx, {
      id,
      serviceId: input.serviceId,
      weekStart: input.weekStart,
      status: 'queued',
      createdAt: at,
      createdBy: actorLabel(actor),
      updatedAt: at,
    });
    recordAudit(tx, core.now(), {
      actor,
      action: 'rota.generate',
      entity: 'rota',
      entityId: id,
      serviceId: input.serviceId,
      details: { weekStart: input.weekStart, seed: input.seed ?? null },
    });
    enqueueSolve(core, tx, job);
  });
  return { job, weekStart: input.weekStart };
}

/** The rota queued again for a re-plan, audited, with its solve job; 409 while it is solving. */
export function queueReplan(core: RotaCore, actor: Actor, rotaId: string, input: { reason?: string; seed?: number }): SolveRequested {
  const rota = core.mustGetRota(rotaId);
  core.assertNotSolving(rota);
  const job: QueuedSolve = { rotaId, serviceId: rota.serviceId, kind: 'replan', actor, seed: input.seed };
  core.db.transaction((tx) => {
    // Checked again under the write lock: another process may have queued a solve meanwhile.
    core.assertNotSolving(repo.getRota(tx, rotaId) ?? rota);
    repo.updateRota(tx, rotaId, { status: 'queued', progress: null, error: null, updatedAt: core.iso() });
    recordAudit(tx, core.now(), {
      actor,
      action: 'rota.replan',
      entity: 'rota',
      entityId: rotaId,
      serviceId: rota.serviceId,
      reason: input.reason ?? null,
      details: { seed: input.seed ?? null },
    });
    enqueueSolve(core, tx, job);
  });
  return { job, weekStart: rota.weekStart };
}

/** The solve job, in the caller's transaction: the unique index refuses a second live solve of the rota. */
function enqueueSolve(core: RotaCore, tx: WriteTx, job: QueuedSolve): void {
  const { rotaId, serviceId, ...payload } = job;
  jobsRepo.enqueueJob(tx, { kind: 'solve', key: rotaId, groupKey: serviceId, payload: { ...payload }, runAtMs: core.now().getTime() }, core.now().getTime());
}

/** The job's payload as stored, with the defaults of a job written before a field existed. */
export function solvePayloadOf(job: jobsRepo.JobRow): SolvePayload {
  const p = (job.payload ?? {}) as Partial<SolvePayload>;
  return {
    kind: p.kind === 'replan' ? 'replan' : 'generate',
    actor: p.actor ?? SYSTEM_SOLVE_ACTOR,
    ...(typeof p.seed === 'number' ? { seed: p.seed } : {}),
  };
}

/** A solve job whose process stopped answering: queued again for its retry, or failed for good. */
export function solveAbandoned(core: RotaCore): NonNullable<JobHandler['abandoned']> {
  return (tx, job, outcome, reason) => {
    const at = core.iso();
    repo.failUnfinishedSolveRuns(tx, { error: reason, finishedAt: at }, job.key);
    if (outcome === 'retry') repo.updateRota(tx, job.key, { status: 'queued', progress: null, error: null, updatedAt: at });
    else repo.updateRota(tx, job.key, { status: 'failed', error: `${reason}; re-plan to try again`, updatedAt: at });
  };
}

/** A solve job given back by a process that is stopping: queued again. */
export function solveReleased(core: RotaCore): NonNullable<JobHandler['released']> {
  return (tx, job, reason) => {
    const at = core.iso();
    repo.failUnfinishedSolveRuns(tx, { error: `${reason}; the solve is queued again`, finishedAt: at }, job.key);
    repo.updateRota(tx, job.key, { status: 'queued', progress: null, updatedAt: at });
  };
}

function checkWeekStart(weekStart: string): void {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(weekStart);
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== weekStart) {
    throw new BadRequestError('weekStart is not a date', [{ path: 'body.weekStart', message: `"${weekStart}" is not a date YYYY-MM-DD` }]);
  }
  if (date.getUTCDay() !== 1) {
    throw new BadRequestError('weekStart must be a Monday', [{ path: 'body.weekStart', message: `${weekStart} is not a Monday` }]);
  }
}

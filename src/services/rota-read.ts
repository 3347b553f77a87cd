// Reading rotas: the list, a manager's whole view of one rota, and a worker's view of a published
// rota with only their own published places in it.
import * as repo from '../db/repositories/rota-repo.ts';
import { loadServiceFile } from '../db/repositories/service-file-repo.ts';
import { openInvitesOfRota, openOfferPlaces } from '../offers/repository.ts';
import type { Actor } from './actor.ts';
import { offeredPlaces, unfilledView } from './bank-places.ts';
import { ConflictError, NotFoundError } from './errors.ts';
import type { RotaCore } from './rota-core.ts';
import { assignmentView, hoursByStaff, progressView, rotaHeadline, rotaSummary, slotLabel, storedSlots, type RotaSummary, type RotaView } from './rota-views.ts';

/** Rotas matching the filter; a worker sees only the published ones of their own service, unscored. */
export function listRotas(core: RotaCore, actor: Actor, filter: { serviceId?: string; weekStart?: string }): RotaSummary[] {
  const db = core.db;
  if (actor.role === 'worker') {
    if (filter.serviceId && filter.serviceId !== actor.serviceId) return [];
    return repo
      .listRotas(db, { ...filter, serviceId: actor.serviceId, publishedOnly: true })
      .map((r) => ({ ...rotaSummary(r), score: null, feasible: null, quality: null }));
  }
  const rows = repo.listRotas(db, filter);
  if (!rows.some(repo.isStale)) return rows.map((r) => rotaSummary(r));
  for (const r of rows) if (repo.isStale(r)) core.refreshScore(r.id);
  return repo.listRotas(db, filter).map((r) => rotaSummary(r));
}

/** One rota as the actor may see it (a stale score is refreshed first for a manager). */
export function rotaFor(core: RotaCore, actor: Actor, rotaId: string): RotaView {
  let rota = core.mustGetRota(rotaId);
  if (actor.role !== 'worker') {
    if (repo.isStale(rota)) rota = core.refreshScore(rotaId) ?? rota;
    return managerView(core, rota);
  }
  return workerView(core, actor, rota);
}

/** A worker sees a published rota of their own service, and in it only their own published places. */
function workerView(core: RotaCore, actor: Actor, rota: repo.RotaRow): RotaView {
  if (rota.serviceId !== actor.serviceId || rota.publishedAt === null) throw new NotFoundError('rota', rota.id);
  const staff = core.staff(rota.serviceId);
  const mine = repo
    .listAssignments(core.db, rota.id)
    .filter((a) => a.staffId === actor.staffId && a.published)
    .map((r) => assignmentView(r, staff, (id) => slotLabel(rota, id), true));
  const mySlots = new Set(mine.map((a) => a.slotId));
  const myHours = mine.reduce((sum, a) => sum + a.workMinutes, 0);
  return {
    ...rotaSummary(rota),
    score: null,
    feasible: null,
    quality: null,
    headline: null,
    progress: null,
    error: null,
    warnings: [],
    slots: (rota.slots ?? []).filter((s) => mySlots.has(s.id)),
    roles: [],
    assignments: mine,
    hoursByStaff: mine.length > 0 ? [{ staffId: actor.staffId!, staffName: mine[0].staffName, places: mine.length, workMinutes: myHours }] : [],
    offered: [],
    unfilled: [],
    scoreByConstraint: [],
    solveRuns: [],
  };
}

/** The whole rota: places, hours, offers out, what is unfilled and why, and its solve runs. */
export function managerView(core: RotaCore, rota: repo.RotaRow): RotaView {
  const db = core.db;
  const staff = core.staff(rota.serviceId);
  const names = new Map([...staff].map(([id, s]) => [id, s.name]));
  const rows = repo.listAssignments(db, rota.id);
  const offered = offeredPlaces(openOfferPlaces(db, rota.id), openInvitesOfRota(db, rota.id), staff);
  const roles = (loadServiceFile(db, rota.serviceId)?.roles ?? []).map((r) => ({ id: r.id, name: r.name }));
  const roleNames = new Map(roles.map((r) => [r.id, r.name]));
  const unfilled = unfilledView({ unfilled: rota.unfilled, slots: demandOf(core, rota) }, rows, offered, staff, roleNames);
  return {
    ...rotaSummary(rota),
    headline: rotaHeadline(rota, unfilled),
    progress: progressView(rota.progress, names),
    error: rota.error,
    slots: rota.slots ?? [],
    roles,
    warnings: rota.warnings ?? [],
    assignments: rows.map((r) => assignmentView(r, staff, (id) => slotLabel(rota, id))),
    hoursByStaff: hoursByStaff(rows, names),
    offered,
    unfilled,
    scoreByConstraint: rota.analysis ?? [],
    solveRuns: solveRunViews(core, rota.id),
  };
}

function solveRunViews(core: RotaCore, rotaId: string): RotaView['solveRuns'] {
  return repo.listSolveRuns(core.db, rotaId).map((r) => ({
    id: r.id,
    kind: r.kind,
    status: r.status,
    inputHash: r.inputHash,
    seed: r.seed,
    weights: r.weights,
    timeLimitMs: r.timeLimitMs,
    maxMoves: r.maxMoves,
    startedAt: r.startedAt,
    durationMs: r.durationMs,
    score: r.scoreHard === null || r.scoreSoft === null ? null : { hard: r.scoreHard, soft: r.scoreSoft },
    moves: r.moves,
    quality: r.quality,
    stages: r.stages ?? [],
    error: r.error,
  }));
}

/** The slots' demand as frozen at solve time; a rota never solved (made elsewhere) is compiled for it. */
function demandOf(core: RotaCore, rota: repo.RotaRow): repo.RotaRow['slots'] {
  if (rota.slots) return rota.slots;
  try {
    return storedSlots(core.weeks.compile(core.loadFile(rota.serviceId), rota.weekStart));
  } catch (error) {
    if (error instanceof ConflictError || error instanceof NotFoundError) return [];
    throw error;
  }
}

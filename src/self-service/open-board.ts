// The open sessions board. A worker sees the open places of published rotas (short of their
// preferred number, not under an offer, not started) for roles they hold and which they may take:
// the same hard-rule check and ranking as bank offers (solver/offers), against what they hold now in
// that rota and the service's other rotas, with fairness against their ledger. They ask for one; a
// manager approves (requests ranked as offers are), or the service gives it to the first eligible
// request at once. Giving a place runs in one IMMEDIATE transaction with a primary key on the
// (rota, session, role, seat) claimed: exactly one winner per place; the other requests for a place
// that is then full are closed with the reason.
import { randomUUID } from 'node:crypto';
import type { Assignment, Problem } from '../../solver/model.ts';
import { catalogueRankOptions, checkWorker, rankOffers, type OfferPlace } from '../../solver/offers/index.ts';
import * as repo from '../db/repositories/self-service-repo.ts';
import type { OpenRequestRow } from '../db/repositories/self-service-repo.ts';
import * as rotaRepo from '../db/repositories/rota-repo.ts';
import { shiftDate } from '../db/repositories/rota-repo.ts';
import { heldAround, immediate } from '../offers/common.ts';
import { rotaWeekProblem, workerWeekProblem } from '../offers/problem-cache.ts';
import * as offersRepo from '../offers/repository.ts';
import { actorName, SYSTEM_ACTOR, type Actor } from '../services/actor.ts';
import { recordAudit } from '../services/audit.ts';
import { BadRequestError, ConflictError, NotFoundError } from '../services/errors.ts';
import { actorLabel } from '../services/rota-core.ts';
import { withServicePriors } from './fairness-ledger.ts';
import { localTimes, settingsOf, staffName, text, workerOf, type SelfServiceDeps } from './context.ts';
import { notify } from './notify.ts';

export interface OpenPlaceView {
  rotaId: string;
  slotId: string;
  roleId: string;
  label: string;
  start: string;
  end: string;
  siteId: string | null;
  workMinutes: number;
  /** Places of this role still open. */
  open: number;
  /** The soft score change of taking it (fairness, cost, travel, preferences): lower fits better. */
  softDelta: number;
  /** My request for it, if I made one. */
  requestId: string | null;
}

export interface OpenRequestView {
  id: string;
  rotaId: string;
  slotId: string;
  roleId: string;
  label: string;
  start: string;
  end: string;
  staffId: string;
  name: string;
  status: OpenRequestRow['status'];
  note: string | null;
  requestedAt: string;
  decidedAt: string | null;
  decisionReason: string | null;
  autoApproved: boolean;
  assignmentId: number | null;
  /** Managers: the engine's order among the requests waiting for this place (1 = best), null when not eligible now. */
  rank?: number | null;
  /** Managers: why the worker may not take it now. */
  blocks?: string[];
}

interface OpenPlace extends OfferPlace {
  readonly rotaId: string;
  readonly open: number;
}

/** Rotas whose weeks can still hold sessions to come: from the week before this one. */
function liveRotas(deps: SelfServiceDeps, serviceId: string) {
  const today = deps.now().toISOString().slice(0, 10);
  return repo.publishedRotasFrom(deps.db, serviceId, shiftDate(today, -13)).sort((a, b) => (a.weekStart < b.weekStart ? -1 : 1));
}

/** The rota's week as offers judge it, with fairness priors, what is held, and its open places. */
function rotaState(deps: SelfServiceDeps, rotaId: string, serviceId: string, weekStart: string) {
  const compiled = rotaWeekProblem(deps.db, deps.db.$client, serviceId, weekStart);
  const problem: Problem = withServicePriors(deps.db, serviceId, { ...compiled.problem, pinned: [] });
  const rows = offersRepo.rotaAssignments(deps.db, rotaId);
  // Proposals are nobody's: they neither hold nor fill a place.
  const held: Assignment[] = rows.filter((a) => !a.proposed).map((a) => ({ slotId: a.slotId, roleId: a.roleId, workerId: a.staffId }));
  const offered = new Map<string, number>();
  for (const p of offersRepo.openOfferPlaces(deps.db, rotaId)) offered.set(`${p.slotId}\u0000${p.roleId}`, (offered.get(`${p.slotId}\u0000${p.roleId}`) ?? 0) + 1);
  const nowMin = Math.floor(deps.now().getTime() / 60_000);
  const open: OpenPlace[] = [];
  for (const slot of problem.slots) {
    if (slot.startMin <= nowMin) continue;
    for (const role of slot.roles) {
      const n = role.preferred - held.filter((a) => a.slotId === slot.id && a.roleId === role.roleId).length - (offered.get(`${slot.id}\u0000${role.roleId}`) ?? 0);
      if (n > 0) open.push({ rotaId, slotId: slot.id, roleId: role.roleId, open: n });
    }
  }
  return { compiled, problem, held, open };
}

export function openBoard(deps: SelfServiceDeps, actor: Actor): OpenPlaceView[] {
  const me = workerOf(actor);
  const mine = repo.listOpenRequests(deps.db, { serviceId: me.serviceId, staffId: me.staffId, status: 'requested' });
  const out: OpenPlaceView[] = [];
  for (const rota of liveRotas(deps, me.serviceId)) {
    const { compiled, problem, held, open } = rotaState(deps, rota.id, me.serviceId, rota.weekStart);
    const worker = problem.workers.find((w) => w.id === me.staffId);
    if (!worker) continue;
    const places = open.filter((p) => worker.roles.includes(p.roleId) && !held.some((a) => a.slotId === p.slotId && a.workerId === me.staffId));
    if (places.length === 0) continue;
    const outside = heldAround(deps.db, me.serviceId, [rota.id], problem, compiled.timeZone, me.staffId);
    const rankings = rankOffers(problem, held, places.map((p) => [{ slotId: p.slotId, roleId: p.roleId }]), { ...catalogueRankOptions, outside, workerIds: [me.staffId] });
    places.forEach((p, k) => {
      const fit = rankings[k].eligible[0];
      if (!fit) return;
      const slot = problem.slots.find((s) => s.id === p.slotId)!;
      out.push({
        rotaId: rota.id,
        slotId: p.slotId,
        roleId: p.roleId,
        label: slot.label,
        ...localTimes(slot.startMin, slot.endMin),
        siteId: slot.siteId,
        workMinutes: slot.workMinutes,
        open: p.open,
        softDelta: fit.softDelta,
        requestId: mine.find((r) => r.rotaId === rota.id && r.slotId === p.slotId && r.roleId === p.roleId)?.id ?? null,
      });
    });
  }
  return out.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.softDelta - b.softDelta));
}

export interface OpenRequestInput {
  readonly rotaId: string;
  readonly slotId: string;
  readonly roleId: string;
  readonly note?: string;
}

/** The claims' primary key refused a second winner: the transaction rolled back, nothing was given. */
function oneWinner<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof Error && 'code' in e && String((e as { code: unknown }).code).startsWith('SQLITE_CONSTRAINT')) {
      throw new ConflictError('the place was given to another worker', { state: 'closed' });
    }
    throw e;
  }
}

export function requestOpenPlace(deps: SelfServiceDeps, actor: Actor, input: OpenRequestInput): OpenRequestView {
  const me = workerOf(actor);
  const note = text(input.note, 'note', false);
  return oneWinner(() => requestInTransaction(deps, actor, me, note, input));
}

function requestInTransaction(deps: SelfServiceDeps, actor: Actor, me: { serviceId: string; staffId: string }, note: string | null, input: OpenRequestInput): OpenRequestView {
  const result = immediate(deps.db, () => {
    const rota = offersRepo.getRotaRow(deps.db, input.rotaId);
    if (!rota || rota.serviceId !== me.serviceId || rota.publishedAt === null) throw new NotFoundError('published rota', input.rotaId);
    const state = rotaState(deps, rota.id, rota.serviceId, rota.weekStart);
    const slot = state.problem.slots.find((s) => s.id === input.slotId);
    if (!slot) throw new BadRequestError(`no session "${input.slotId}" in this rota`, [{ path: 'body.slotId', message: `no session "${input.slotId}" in rota ${rota.id}` }]);
    if (!slot.roles.some((r) => r.roleId === input.roleId)) {
      throw new BadRequestError(`session "${input.slotId}" has no role "${input.roleId}"`, [{ path: 'body.roleId', message: `one of ${slot.roles.map((r) => r.roleId).join(', ')}` }]);
    }
    const earlier = repo.waitingForPlace(deps.db, rota.id, input.slotId, input.roleId).find((r) => r.staffId === me.staffId);
    if (earlier) return requestView(deps, earlier);
    if (!state.open.some((p) => p.slotId === input.slotId && p.roleId === input.roleId)) {
      throw new ConflictError(`${slot.label} has no open place for this role now`, { state: 'filled' });
    }
    const blocks = eligibility(deps, rota, me.staffId, input);
    if (blocks.length > 0) throw new ConflictError(`you cannot take ${slot.label}: ${blocks.join('; ')}`, { breaches: blocks });
    const nowMs = deps.now().getTime();
    const id = randomUUID();
    repo.insertOpenRequest(deps.db, {
      id,
      serviceId: me.serviceId,
      rotaId: rota.id,
      slotId: input.slotId,
      roleId: input.roleId,
      label: slot.label,
      startMin: slot.startMin,
      endMin: slot.endMin,
      staffId: me.staffId,
      status: 'requested',
      note,
      requestedAtMs: nowMs,
    });
    recordAudit(deps.db, deps.now(), { actor, action: 'open.request', entity: 'open-request', entityId: id, serviceId: me.serviceId, reason: note, details: { rotaId: rota.id, slotId: input.slotId, roleId: input.roleId } });
    const row = repo.getOpenRequest(deps.db, id)!;
    if (settingsOf(deps.db, me.serviceId).openAutoApprove) {
      // Requests run one at a time: the first eligible one to arrive gets the place.
      give(deps, SYSTEM_ACTOR, row, 'given automatically to the first eligible request', true);
    } else {
      notify(deps.db, { kind: 'open-requested', serviceId: me.serviceId, subject: `Open session requested: ${slot.label}`, text: `${staffName(deps, me.serviceId, me.staffId)} asks for ${slot.label} (${input.roleId}).`, dedupeKey: `open:${id}:managers` }, deps.now());
    }
    return requestView(deps, repo.getOpenRequest(deps.db, id)!);
  });
  return result;
}

export function withdrawOpenRequest(deps: SelfServiceDeps, actor: Actor, requestId: string): OpenRequestView {
  const me = workerOf(actor);
  return immediate(deps.db, () => {
    const row = repo.getOpenRequest(deps.db, requestId);
    if (!row || row.serviceId !== me.serviceId || row.staffId !== me.staffId) throw new NotFoundError('open session request', requestId);
    if (row.status !== 'requested') throw new ConflictError(`this request is ${row.status}`, { state: row.status });
    repo.updateOpenRequest(deps.db, row.id, { status: 'withdrawn', decidedAtMs: deps.now().getTime(), decidedBy: actorName(actor) });
    recordAudit(deps.db, deps.now(), { actor, action: 'open.withdraw', entity: 'open-request', entityId: row.id, serviceId: row.serviceId });
    return requestView(deps, repo.getOpenRequest(deps.db, row.id)!);
  });
}

export function approveOpenRequest(deps: SelfServiceDeps, actor: Actor, serviceId: string, requestId: string, reasonIn?: string): OpenRequestView {
  const reason = text(reasonIn, 'reason', false);
  const result = oneWinner(() => immediate(deps.db, () => {
    const row = managedRequest(deps, serviceId, requestId);
    if (row.status !== 'requested') throw new ConflictError(`this request is ${row.status}`, { state: row.status });
    const rota = offersRepo.getRotaRow(deps.db, row.rotaId)!;
    const state = rotaState(deps, rota.id, rota.serviceId, rota.weekStart);
    if (!state.open.some((p) => p.slotId === row.slotId && p.roleId === row.roleId)) {
      return closeRequest(deps, actor, row, 'closed', `${row.label} has no open place left for this role`);
    }
    if (row.startMin <= Math.floor(deps.now().getTime() / 60_000)) return closeRequest(deps, actor, row, 'closed', `${row.label} has already started`);
    const blocks = eligibility(deps, rota, row.staffId, row);
    if (blocks.length > 0) return closeRequest(deps, actor, row, 'closed', `${staffName(deps, serviceId, row.staffId)} can no longer take it: ${blocks.join('; ')}`, blocks);
    give(deps, actor, row, reason, false);
    return requestView(deps, repo.getOpenRequest(deps.db, row.id)!);
  }));
  if (result instanceof ConflictError) throw result;
  return result;
}

export function declineOpenRequest(deps: SelfServiceDeps, actor: Actor, serviceId: string, requestId: string, reasonIn: unknown): OpenRequestView {
  const reason = text(reasonIn, 'reason', true)!;
  return immediate(deps.db, () => {
    const row = managedRequest(deps, serviceId, requestId);
    if (row.status !== 'requested') throw new ConflictError(`this request is ${row.status}`, { state: row.status });
    closeRequest(deps, actor, row, 'declined', reason);
    return requestView(deps, repo.getOpenRequest(deps.db, row.id)!);
  });
}

export function myOpenRequests(deps: SelfServiceDeps, actor: Actor): OpenRequestView[] {
  const me = workerOf(actor);
  return repo.listOpenRequests(deps.db, { serviceId: me.serviceId, staffId: me.staffId }).map((r) => requestView(deps, r));
}

/** Managers: the requests of a service, those waiting ranked per place as offers are. */
export function managerOpenRequests(deps: SelfServiceDeps, serviceId: string, status?: OpenRequestRow['status']): OpenRequestView[] {
  deps.core.loadFile(serviceId);
  const rows = repo.listOpenRequests(deps.db, { serviceId, ...(status ? { status } : {}) });
  const ranks = new Map<string, { rank: number | null; blocks: string[] }>();
  const waiting = rows.filter((r) => r.status === 'requested');
  for (const rotaId of new Set(waiting.map((r) => r.rotaId))) {
    const rota = offersRepo.getRotaRow(deps.db, rotaId)!;
    const state = rotaState(deps, rota.id, rota.serviceId, rota.weekStart);
    const outside = heldAround(deps.db, serviceId, [rota.id], state.problem, state.compiled.timeZone);
    const byPlace = new Map<string, OpenRequestRow[]>();
    for (const r of waiting.filter((x) => x.rotaId === rotaId)) byPlace.set(`${r.slotId}\u0000${r.roleId}`, [...(byPlace.get(`${r.slotId}\u0000${r.roleId}`) ?? []), r]);
    for (const list of byPlace.values()) {
      const known = list.filter((r) => state.problem.workers.some((w) => w.id === r.staffId) && state.problem.slots.some((s) => s.id === r.slotId));
      if (known.length === 0) continue;
      const [ranking] = rankOffers(state.problem, state.held, [[{ slotId: list[0].slotId, roleId: list[0].roleId }]], {
        ...catalogueRankOptions,
        outside,
        workerIds: known.map((r) => r.staffId),
      });
      for (const r of list) {
        const k = ranking.eligible.findIndex((e) => e.workerId === r.staffId);
        ranks.set(r.id, { rank: k >= 0 ? k + 1 : null, blocks: [...(ranking.excluded.find((e) => e.workerId === r.staffId)?.reasons ?? [])] });
      }
    }
  }
  return rows.map((r) => ({ ...requestView(deps, r), ...(r.status === 'requested' ? (ranks.get(r.id) ?? { rank: null, blocks: [] }) : {}) }));
}

// ---------- internals ----------

/** Why this worker may not take the place now (empty: they may), as an accept checks an offer. */
function eligibility(deps: SelfServiceDeps, rota: offersRepo.RotaRef, staffId: string, place: { slotId: string; roleId: string }): readonly string[] {
  const compiled = workerWeekProblem(deps.db, deps.db.$client, rota.serviceId, rota.weekStart, staffId, 7);
  if (compiled.problem.workers.length === 0) return ['no longer a member of this service'];
  const problem: Problem = { ...compiled.problem, pinned: [] };
  const heldNow = offersRepo.workerAssignmentsInRota(deps.db, rota.id, staffId).map((a) => ({ slotId: a.slotId, roleId: a.roleId, workerId: a.staffId }));
  if (heldNow.some((a) => a.slotId === place.slotId)) return ['already works this session'];
  const outside = heldAround(deps.db, rota.serviceId, [rota.id], problem, compiled.timeZone, staffId);
  const check = checkWorker(problem, heldNow, [place], staffId, { ...catalogueRankOptions, outside });
  return check.ok ? [] : check.reasons;
}

/** Gives the place: the assignment, the claim that guards it, the request approved, the others closed if it is now full. */
function give(deps: SelfServiceDeps, actor: Actor, row: OpenRequestRow, reason: string | null, auto: boolean): void {
  const rota = offersRepo.getRotaRow(deps.db, row.rotaId)!;
  const nowMs = deps.now().getTime();
  const nowIso = deps.now().toISOString();
  const heldBefore = offersRepo.placeAssignments(deps.db, row.rotaId, row.slotId).filter((a) => a.roleId === row.roleId && !a.proposed).length;
  const slot = rotaState(deps, rota.id, rota.serviceId, rota.weekStart).problem.slots.find((s) => s.id === row.slotId)!;
  // Asked for and given: a pinned, published place of its own (not an offer's fill).
  const assignmentId = rotaRepo.insertAssignment(deps.db, {
    rotaId: row.rotaId,
    serviceId: row.serviceId,
    slotId: row.slotId,
    roleId: row.roleId,
    staffId: row.staffId,
    startMin: slot.startMin,
    endMin: slot.endMin,
    workMinutes: slot.workMinutes,
    pinned: true,
    source: 'manual',
    published: true,
    proposed: false,
    overridden: false,
    note: `open session request ${row.id}`,
    updatedAt: nowIso,
    updatedBy: auto ? 'system' : actorLabel(actor),
  }).id;
  repo.insertClaim(deps.db, { rotaId: row.rotaId, slotId: row.slotId, roleId: row.roleId, seat: heldBefore, requestId: row.id, staffId: row.staffId, atMs: nowMs });
  repo.updateOpenRequest(deps.db, row.id, { status: 'approved', assignmentId, decidedAtMs: nowMs, decidedBy: auto ? 'system' : actorName(actor), decisionReason: reason, autoApproved: auto });
  offersRepo.markRotaChanged(deps.db, row.rotaId, nowIso);
  offersRepo.markWeeksChanged(deps.db, row.serviceId, shiftDate(rota.weekStart, -7), shiftDate(rota.weekStart, 7));
  recordAudit(deps.db, deps.now(), {
    actor,
    action: auto ? 'open.approve.auto' : 'open.approve',
    entity: 'open-request',
    entityId: row.id,
    serviceId: row.serviceId,
    reason,
    details: { assignmentId, rotaId: row.rotaId, slotId: row.slotId, roleId: row.roleId, staffId: row.staffId },
  });
  notify(deps.db, { kind: 'open-approved', serviceId: row.serviceId, staffId: row.staffId, subject: `It's yours: ${row.label}`, text: `You have ${row.label}.${reason && !auto ? ` ${reason}` : ''}`, dedupeKey: `open:${row.id}:approved` }, deps.now());
  // Once the place is full, the others waiting for it are told it went.
  const stillOpen = rotaState(deps, rota.id, rota.serviceId, rota.weekStart).open.some((p) => p.slotId === row.slotId && p.roleId === row.roleId);
  if (!stillOpen) {
    for (const other of repo.waitingForPlace(deps.db, row.rotaId, row.slotId, row.roleId)) {
      closeRequest(deps, SYSTEM_ACTOR, other, 'closed', 'the place was given to another worker');
    }
  }
}

function closeRequest(deps: SelfServiceDeps, actor: Actor, row: OpenRequestRow, status: 'closed' | 'declined', reason: string, blocks?: readonly string[]): ConflictError {
  repo.updateOpenRequest(deps.db, row.id, { status, decidedAtMs: deps.now().getTime(), decidedBy: actorName(actor), decisionReason: reason });
  recordAudit(deps.db, deps.now(), { actor, action: status === 'declined' ? 'open.decline' : 'open.close', entity: 'open-request', entityId: row.id, serviceId: row.serviceId, reason, ...(blocks ? { details: { breaches: blocks } } : {}) });
  notify(deps.db, { kind: status === 'declined' ? 'open-declined' : 'open-closed', serviceId: row.serviceId, staffId: row.staffId, subject: `Not this time: ${row.label}`, text: `${row.label}: ${reason}`, dedupeKey: `open:${row.id}:${status}` }, deps.now());
  return new ConflictError(reason, { state: status, ...(blocks ? { breaches: [...blocks] } : {}) });
}

function managedRequest(deps: SelfServiceDeps, serviceId: string, requestId: string): OpenRequestRow {
  const row = repo.getOpenRequest(deps.db, requestId);
  if (!row || row.serviceId !== serviceId) throw new NotFoundError('open session request', requestId);
  return row;
}

function requestView(deps: SelfServiceDeps, r: OpenRequestRow): OpenRequestView {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    id: r.id,
    rotaId: r.rotaId,
    slotId: r.slotId,
    roleId: r.roleId,
    label: r.label,
    ...localTimes(r.startMin, r.endMin),
    staffId: r.staffId,
    name: staffName(deps, r.serviceId, r.staffId),
    status: r.status,
    note: r.note,
    requestedAt: iso(r.requestedAtMs)!,
    decidedAt: iso(r.decidedAtMs),
    decisionReason: r.decisionReason,
    autoApproved: r.autoApproved,
    assignmentId: r.assignmentId,
  };
}

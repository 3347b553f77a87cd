// The checks behind a swap: what may be offered (a published place of one's own, still to come,
// with nothing recorded for it and no other swap in play), whether an offered swap still stands,
// who may take a give-away, and the places a swap moves.
import { catalogueRankOptions, rankPlace } from '../../solver/offers/index.ts';
import * as rotaRepo from '../db/repositories/rota-repo.ts';
import * as repo from '../db/repositories/self-service-repo.ts';
import type { SwapRow } from '../db/repositories/self-service-repo.ts';
import { BadRequestError, ConflictError, NotFoundError } from '../services/errors.ts';
import { toAssignment } from '../services/places.ts';
import { evaluate } from '../services/rota-rules.ts';
import type { SelfServiceDeps } from './context.ts';
import { wordsFor, type Transfer, type TransferCheck } from './transfer-check.ts';
import type { SwapInput } from './swaps.ts';

export type Place = NonNullable<ReturnType<typeof repo.assignmentById>>;

export interface Planned {
  readonly kind: 'giveaway' | 'swap';
  readonly mine: Place;
  readonly theirs: Place | null;
  readonly toStaffId: string | null;
}

export function planSwap(deps: SelfServiceDeps, me: { serviceId: string; staffId: string }, input: SwapInput): Planned {
  if (!Number.isInteger(input.assignmentId)) throw new BadRequestError('assignmentId must be a whole number', [{ path: 'body.assignmentId', message: 'the id of one of your published places' }]);
  const mine = repo.assignmentById(deps.db, input.assignmentId);
  if (!mine || mine.serviceId !== me.serviceId || mine.staffId !== me.staffId || !mine.published || mine.proposed) {
    throw new NotFoundError('published place of yours', String(input.assignmentId));
  }
  assertSwappable(deps, mine, 'body.assignmentId');
  // Colleagues on the staff now: an archived one has left and takes nothing.
  const staff = new Set(deps.core.loadFile(me.serviceId).staff.map((s) => s.id));
  let toStaffId: string | null = null;
  if (input.toStaffId !== undefined) {
    if (!staff.has(input.toStaffId)) throw new NotFoundError('colleague', input.toStaffId);
    if (input.toStaffId === me.staffId) throw new BadRequestError('toStaffId is you', [{ path: 'body.toStaffId', message: 'name a colleague, not yourself' }]);
    toStaffId = input.toStaffId;
  }
  let theirs: Place | null = null;
  if (input.forAssignmentId !== undefined) {
    if (toStaffId === null) throw new BadRequestError('a swap names the colleague', [{ path: 'body.toStaffId', message: 'required with forAssignmentId' }]);
    const p = repo.assignmentById(deps.db, input.forAssignmentId);
    if (!p || p.serviceId !== me.serviceId || p.staffId !== toStaffId || !p.published || p.proposed) {
      throw new NotFoundError(`published place of ${toStaffId}`, String(input.forAssignmentId));
    }
    assertSwappable(deps, p, 'body.forAssignmentId');
    theirs = p;
  }
  return { kind: theirs ? 'swap' : 'giveaway', mine, theirs, toStaffId };
}

/** A place can be swapped while its session has not started, nothing is recorded for it, and no other swap is in play on it. */
export function assertSwappable(deps: SelfServiceDeps, p: Place, path: string): void {
  const nowMin = Math.floor(deps.now().getTime() / 60_000);
  if (p.startMin <= nowMin) throw new ConflictError('this session has already started: only sessions still to come can be swapped', { errors: [{ path, message: 'started' }] });
  if (repo.outcomeRecorded(deps.db, p.serviceId, p.rotaId, p.slotId, p.staffId)) {
    throw new ConflictError('payroll has an outcome recorded for this place; it cannot change hands', { errors: [{ path, message: 'outcome recorded' }] });
  }
  const live = repo.liveSwapsOnPlaces(deps.db, [p.id]);
  if (live.length > 0) throw new ConflictError(`this place is already in a swap (${live[0].id}, ${live[0].status})`, { swapId: live[0].id });
}

/** Why an offered or accepted swap can no longer go ahead as offered, or null. */
export function staleReason(deps: SelfServiceDeps, swap: SwapRow): string | null {
  const nowMin = Math.floor(deps.now().getTime() / 60_000);
  const checks: [number | null, string, string | null][] = [
    [swap.assignmentId, swap.fromStaffId, swap.label],
    [swap.counterAssignmentId, swap.toStaffId ?? '', swap.counterLabel],
  ];
  for (const [id, holder, label] of checks) {
    if (id === null) continue;
    const p = repo.assignmentById(deps.db, id);
    if (!p || p.staffId !== holder || !p.published) return `${label} has changed since it was offered (re-planned, edited or given to someone else)`;
    if (p.startMin <= nowMin) return `${label} has already started`;
    if (repo.outcomeRecorded(deps.db, p.serviceId, p.rotaId, p.slotId, p.staffId)) return `payroll has an outcome recorded for ${label}`;
  }
  return null;
}

export function transfersOf(plan: Planned, taker: string, giver: string): Transfer[] {
  const out: Transfer[] = [{ rotaId: plan.mine.rotaId, assignmentId: plan.mine.id, toStaffId: taker }];
  if (plan.theirs) out.push({ rotaId: plan.theirs.rotaId, assignmentId: plan.theirs.id, toStaffId: giver });
  return out;
}

export function transfersOfRow(swap: SwapRow, taker: string): Transfer[] {
  const out: Transfer[] = [{ rotaId: swap.rotaId, assignmentId: swap.assignmentId, toStaffId: taker }];
  if (swap.counterRotaId && swap.counterAssignmentId !== null) out.push({ rotaId: swap.counterRotaId, assignmentId: swap.counterAssignmentId, toStaffId: swap.fromStaffId });
  return out;
}

export function refuseUnlessOk(check: TransferCheck, viewer: string, what: string): void {
  if (check.ok) return;
  const words = wordsFor(check, viewer);
  throw new ConflictError(`${what} breaks a hard rule: ${words.join('; ')}`, { breaches: words });
}

/**
 * A give-away to anyone: the colleagues holding the role who may take it (every hard rule met given
 * the rota without the giver there), ranked as bank offers are; and what giving it up breaks for the giver.
 */
export function rankTakers(deps: SelfServiceDeps, mine: Place, giver: string): { eligible: { staffId: string; name: string }[]; giverBreaches: string[] } {
  const rota = deps.core.mustGetRota(mine.rotaId);
  const judged = deps.core.judge(rota);
  const carried = judged.carried.map((c) => ({ slotId: c.slotId, roleId: c.roleId, workerId: c.workerId }));
  const kept = judged.rows.filter(judged.known);
  const current = [...kept.map(toAssignment), ...carried];
  const without = [...kept.filter((r) => r.id !== mine.id).map(toAssignment), ...carried];
  const was = evaluate(judged.problem, current).analysis;
  const now = evaluate(judged.problem, without).analysis;
  const count = (a: typeof was) => a.filter((c) => c.level === 'hard' && !c.id.startsWith('cover.')).flatMap((c) => c.matches.filter((m) => m.workerId === giver).map((m) => m.message));
  const before = new Set(count(was));
  const giverBreaches = count(now).filter((m) => !before.has(m));
  const candidates = judged.problem.workers.filter((w) => w.id !== giver && w.roles.includes(mine.roleId)).map((w) => w.id);
  if (candidates.length === 0) return { eligible: [], giverBreaches };
  const ranking = rankPlace({ ...judged.problem, pinned: [] }, without, { slotId: mine.slotId, roleId: mine.roleId }, { ...catalogueRankOptions, workerIds: candidates });
  return { eligible: ranking.eligible.map((e) => ({ staffId: e.workerId, name: e.workerName })), giverBreaches };
}

export function visibleSwap(deps: SelfServiceDeps, me: { serviceId: string; staffId: string }, swapId: string): SwapRow {
  const swap = repo.getSwap(deps.db, swapId);
  if (!swap || swap.serviceId !== me.serviceId || (swap.fromStaffId !== me.staffId && !swap.invited.includes(me.staffId))) throw new NotFoundError('swap', swapId);
  return swap;
}

export function managedSwap(deps: SelfServiceDeps, serviceId: string, swapId: string): SwapRow {
  const swap = repo.getSwap(deps.db, swapId);
  if (!swap || swap.serviceId !== serviceId) throw new NotFoundError('swap', swapId);
  return swap;
}

export function labelOf(deps: SelfServiceDeps, p: Place): string {
  const rota = rotaRepo.getRota(deps.db, p.rotaId);
  return rota?.slots?.find((s) => s.id === p.slotId)?.label ?? p.slotId;
}

// Leave and availability requests. A staff member asks for leave (annual, training, other), a
// one-off unavailability, or new recurring availability; a manager approves or declines with a
// reason. Approving writes it through the same service-data path as a manager's own edit (validated
// as the whole file, audited): leave and unavailability become an absence, availability replaces
// the worker's windows, so the next solve respects it. Published places that now break the worker's
// availability are flagged, each with the cheapest cover the explanation's move search finds
// (leave-clashes.ts, which also lists what clashes at any later moment).
import { randomUUID } from 'node:crypto';
import * as repo from '../db/repositories/self-service-repo.ts';
import type { StaffRequestRow } from '../db/repositories/self-service-repo.ts';
import { immediate } from '../offers/common.ts';
import type { AbsenceDef, AvailabilityDef, ServiceFile } from '../service-file/types.ts';
import { validateServiceFile } from '../service-file/validate.ts';
import { actorName, type Actor } from '../services/actor.ts';
import { recordAudit } from '../services/audit.ts';
import { BadRequestError, ConflictError, NotFoundError } from '../services/errors.ts';
import { staffName, text, workerOf, type SelfServiceDeps } from './context.ts';
import { workerClashes, type ClashView } from './leave-clashes.ts';
import { notify } from './notify.ts';

export type { ClashView } from './leave-clashes.ts';

export type StaffRequestInput =
  | { kind: 'leave'; leaveKind: 'annual' | 'training' | 'other'; from: string; to: string; startTime?: string; endTime?: string; note?: string }
  | { kind: 'unavailable'; from: string; to: string; startTime?: string; endTime?: string; note?: string }
  | { kind: 'availability'; availability: AvailabilityDef; note?: string };

export interface StaffRequestView {
  id: string;
  staffId: string;
  name: string;
  kind: StaffRequestRow['kind'];
  leaveKind: StaffRequestRow['leaveKind'];
  from: string | null;
  to: string | null;
  startTime: string | null;
  endTime: string | null;
  availability: AvailabilityDef | null;
  note: string | null;
  status: StaffRequestRow['status'];
  createdAt: string;
  decidedAt: string | null;
  decisionReason: string | null;
  absenceId: string | null;
  /**
   * Managers only: published places that clashed at the moment of approval, with cover proposed (a
   * record of that moment; what clashes now is `leaveClashes`, computed at each read).
   */
  clashes?: ClashView[];
}

const ABSENCE_KIND = { annual: 'leave', training: 'training', other: 'other' } as const;

export function createStaffRequest(deps: SelfServiceDeps, actor: Actor, input: StaffRequestInput): StaffRequestView {
  const me = workerOf(actor);
  const note = text(input.note, 'note', false);
  const file = deps.core.loadFile(me.serviceId);
  const index = file.staff.findIndex((s) => s.id === me.staffId);
  if (index < 0) throw new NotFoundError('staff member', me.staffId);
  const id = randomUUID();
  let row: Parameters<typeof repo.insertStaffRequest>[1];
  const base = { id, serviceId: me.serviceId, staffId: me.staffId, note, status: 'pending' as const, createdAtMs: deps.now().getTime() };
  if (input.kind === 'availability') {
    checkAgainstFile(file, index, 'availability', input.availability);
    row = { ...base, kind: 'availability', availability: input.availability };
  } else if (input.kind === 'leave' || input.kind === 'unavailable') {
    const absence = absenceOf(input, id);
    checkAgainstFile(file, index, 'absence', absence);
    const today = deps.now().toISOString().slice(0, 10);
    if (input.to < today) throw new BadRequestError('the request lies in the past', [{ path: 'body.to', message: `${input.to} is before today (${today})` }]);
    row = {
      ...base,
      kind: input.kind,
      leaveKind: input.kind === 'leave' ? input.leaveKind : null,
      fromDate: input.from,
      toDate: input.to,
      startTime: input.startTime ?? null,
      endTime: input.endTime ?? null,
    };
  } else {
    throw new BadRequestError('kind must be leave, unavailable or availability', [{ path: 'body.kind', message: 'one of leave, unavailable, availability' }]);
  }
  deps.db.transaction((tx) => {
    repo.insertStaffRequest(tx, row);
    recordAudit(tx, deps.now(), { actor, action: `request.${input.kind}`, entity: 'staff-request', entityId: id, serviceId: me.serviceId, reason: note });
    notify(
      tx,
      {
        kind: 'request-made',
        serviceId: me.serviceId,
        subject: `${kindWords(row.kind, row.leaveKind ?? null)} request from ${staffName(deps, me.serviceId, me.staffId)}`,
        text: `${staffName(deps, me.serviceId, me.staffId)} asks for ${describe(repo.getStaffRequest(tx, id)!)}.`,
        dedupeKey: `request:${id}:managers`,
      },
      deps.now(),
    );
  });
  return view(deps, repo.getStaffRequest(deps.db, id)!, false);
}

export function myStaffRequests(deps: SelfServiceDeps, actor: Actor): StaffRequestView[] {
  const me = workerOf(actor);
  return repo.listStaffRequests(deps.db, { serviceId: me.serviceId, staffId: me.staffId }).map((r) => view(deps, r, false));
}

export function withdrawStaffRequest(deps: SelfServiceDeps, actor: Actor, requestId: string): StaffRequestView {
  const me = workerOf(actor);
  return immediate(deps.db, () => {
    const row = repo.getStaffRequest(deps.db, requestId);
    if (!row || row.serviceId !== me.serviceId || row.staffId !== me.staffId) throw new NotFoundError('request', requestId);
    if (row.status !== 'pending') throw new ConflictError(`this request is ${row.status}`, { state: row.status });
    repo.updateStaffRequest(deps.db, row.id, { status: 'withdrawn', decidedAtMs: deps.now().getTime(), decidedBy: actorName(actor) });
    recordAudit(deps.db, deps.now(), { actor, action: 'request.withdraw', entity: 'staff-request', entityId: row.id, serviceId: row.serviceId });
    return view(deps, repo.getStaffRequest(deps.db, row.id)!, false);
  });
}

export function managerStaffRequests(deps: SelfServiceDeps, serviceId: string, status?: StaffRequestRow['status']): StaffRequestView[] {
  deps.core.loadFile(serviceId);
  return repo.listStaffRequests(deps.db, { serviceId, ...(status ? { status } : {}) }).map((r) => view(deps, r, true));
}

export function approveStaffRequest(deps: SelfServiceDeps, actor: Actor, serviceId: string, requestId: string, reasonIn?: string): StaffRequestView {
  const reason = text(reasonIn, 'reason', false);
  return immediate(deps.db, () => {
    const row = managedRequest(deps, serviceId, requestId);
    if (row.status !== 'pending') throw new ConflictError(`this request is ${row.status}`, { state: row.status });
    const approver = { ...actor, reason: reason ?? `request ${row.id} approved` };
    let absenceId: string | null = null;
    if (row.kind === 'availability') {
      deps.data.putAvailability(approver, serviceId, row.staffId, row.availability!);
    } else {
      const times = { ...(row.startTime ? { startTime: row.startTime } : {}), ...(row.endTime ? { endTime: row.endTime } : {}) };
      const asked: Extract<StaffRequestInput, { from: string }> =
        row.kind === 'leave'
          ? { kind: 'leave', leaveKind: row.leaveKind ?? 'other', from: row.fromDate!, to: row.toDate!, ...times }
          : { kind: 'unavailable', from: row.fromDate!, to: row.toDate!, ...times };
      const absence = absenceOf(asked, row.id);
      absenceId = deps.data.addLeave(approver, serviceId, row.staffId, { ...absence, approvedBy: actorName(actor) }).id;
    }
    const clashes = workerClashes(deps, serviceId, row.staffId);
    const nowMs = deps.now().getTime();
    repo.updateStaffRequest(deps.db, row.id, { status: 'approved', decidedAtMs: nowMs, decidedBy: actorName(actor), decisionReason: reason, absenceId, clashes });
    recordAudit(deps.db, deps.now(), {
      actor,
      action: 'request.approve',
      entity: 'staff-request',
      entityId: row.id,
      serviceId,
      reason,
      details: { absenceId, clashes: clashes.map((c) => ({ assignmentId: c.assignmentId, cover: c.cover?.words ?? c.coverNote })) },
    });
    const name = staffName(deps, serviceId, row.staffId);
    notify(deps.db, { kind: 'request-approved', serviceId, staffId: row.staffId, subject: `Approved: ${describe(row)}`, text: `Your request for ${describe(row)} is approved.${reason ? ` ${reason}` : ''}`, dedupeKey: `request:${row.id}:approved` }, deps.now());
    if (clashes.length > 0) {
      notify(
        deps.db,
        {
          kind: 'leave-clash',
          serviceId,
          subject: `${clashes.length} published ${clashes.length === 1 ? 'place clashes' : 'places clash'} with ${name}'s approved request`,
          text: clashes.map((c) => `${c.label}: ${c.cover ? `cover: ${c.cover.words}` : c.coverNote}`).join('\n'),
          dedupeKey: `request:${row.id}:clashes`,
        },
        deps.now(),
      );
    }
    return view(deps, repo.getStaffRequest(deps.db, row.id)!, true);
  });
}

export function declineStaffRequest(deps: SelfServiceDeps, actor: Actor, serviceId: string, requestId: string, reasonIn: unknown): StaffRequestView {
  const reason = text(reasonIn, 'reason', true)!;
  return immediate(deps.db, () => {
    const row = managedRequest(deps, serviceId, requestId);
    if (row.status !== 'pending') throw new ConflictError(`this request is ${row.status}`, { state: row.status });
    repo.updateStaffRequest(deps.db, row.id, { status: 'declined', decidedAtMs: deps.now().getTime(), decidedBy: actorName(actor), decisionReason: reason });
    recordAudit(deps.db, deps.now(), { actor, action: 'request.decline', entity: 'staff-request', entityId: row.id, serviceId, reason });
    notify(deps.db, { kind: 'request-declined', serviceId, staffId: row.staffId, subject: `Declined: ${describe(row)}`, text: `Your request for ${describe(row)} is declined: ${reason}`, dedupeKey: `request:${row.id}:declined` }, deps.now());
    return view(deps, repo.getStaffRequest(deps.db, row.id)!, true);
  });
}

// ---------- internals ----------

function absenceOf(input: Extract<StaffRequestInput, { from: string }>, requestId: string): AbsenceDef {
  const kind = input.kind === 'leave' ? ABSENCE_KIND[input.leaveKind] : 'other';
  if (input.kind === 'leave' && !(input.leaveKind in ABSENCE_KIND)) {
    throw new BadRequestError('leaveKind must be annual, training or other', [{ path: 'body.leaveKind', message: 'one of annual, training, other' }]);
  }
  return {
    id: `req-${requestId.slice(0, 8)}`,
    kind,
    from: input.from,
    to: input.to,
    ...(input.startTime ? { startTime: input.startTime } : {}),
    ...(input.endTime ? { endTime: input.endTime } : {}),
    comment: input.kind === 'unavailable' ? `unavailable (request ${requestId})` : `request ${requestId}`,
  };
}

/** Validates the change as the whole file it would make (as any edit is), naming fields of the body. */
function checkAgainstFile(file: ServiceFile, index: number, what: 'absence' | 'availability', value: AbsenceDef | AvailabilityDef): void {
  const copy = structuredClone(file);
  const member = copy.staff[index];
  let own: string;
  if (what === 'availability') {
    member.availability = value as AvailabilityDef;
    own = `staff[${index}].availability`;
  } else {
    member.absences = [...(member.absences ?? []), value as AbsenceDef];
    own = `staff[${index}].absences[${member.absences.length - 1}]`;
  }
  const checked = validateServiceFile(copy);
  if (checked.ok) return;
  const prefix = what === 'availability' ? 'body.availability' : 'body';
  const mine = checked.errors.filter((e) => e.path === own || e.path.startsWith(`${own}.`) || e.path.startsWith(`${own}[`));
  const errors = (mine.length > 0 ? mine : checked.errors).map((e) => ({ path: e.path.startsWith(own) ? `${prefix}${e.path.slice(own.length)}` : e.path, message: e.message }));
  throw new BadRequestError('the request is not valid', errors);
}

function managedRequest(deps: SelfServiceDeps, serviceId: string, requestId: string): StaffRequestRow {
  const row = repo.getStaffRequest(deps.db, requestId);
  if (!row || row.serviceId !== serviceId) throw new NotFoundError('request', requestId);
  return row;
}

function kindWords(kind: StaffRequestRow['kind'], leaveKind: StaffRequestRow['leaveKind']): string {
  if (kind === 'availability') return 'Availability';
  if (kind === 'unavailable') return 'Unavailability';
  return leaveKind === 'annual' ? 'Annual leave' : leaveKind === 'training' ? 'Training' : 'Leave';
}

function describe(r: Pick<StaffRequestRow, 'kind' | 'leaveKind' | 'fromDate' | 'toDate' | 'startTime' | 'endTime'>): string {
  if (r.kind === 'availability') return 'new recurring availability';
  const when = r.fromDate === r.toDate ? `${r.fromDate}` : `${r.fromDate} to ${r.toDate}`;
  const times = r.startTime || r.endTime ? ` (${r.startTime ?? 'start of day'}-${r.endTime ?? 'end of day'})` : '';
  return `${kindWords(r.kind, r.leaveKind).toLowerCase()} ${when}${times}`;
}

function view(deps: SelfServiceDeps, r: StaffRequestRow, manager: boolean): StaffRequestView {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    id: r.id,
    staffId: r.staffId,
    name: staffName(deps, r.serviceId, r.staffId),
    kind: r.kind,
    leaveKind: r.leaveKind,
    from: r.fromDate,
    to: r.toDate,
    startTime: r.startTime,
    endTime: r.endTime,
    availability: r.availability ?? null,
    note: r.note,
    status: r.status,
    createdAt: iso(r.createdAtMs)!,
    decidedAt: iso(r.decidedAtMs),
    decisionReason: r.decisionReason,
    absenceId: r.absenceId,
    ...(manager ? { clashes: (r.clashes ?? []) as ClashView[] } : {}),
  };
}

// How a swap reads: to the worker who offered it, to a colleague asked, and to a manager. A worker
// never sees who else was asked, nor anyone's reasons for saying no.
import type { SwapRow } from '../db/repositories/self-service-repo.ts';
import { declinesOf } from '../db/repositories/self-service-repo.ts';
import { staffName, type SelfServiceDeps } from './context.ts';

export interface SwapPlaceView {
  rotaId: string;
  assignmentId: number;
  slotId: string;
  roleId: string;
  label: string;
  start: string;
  end: string;
}

export interface SwapView {
  id: string;
  kind: 'giveaway' | 'swap';
  /** Where it stands; for a colleague asked, 'taken' when another colleague took it and 'declined' once they said no. */
  status: SwapRow['status'] | 'taken';
  from: { staffId: string; name: string };
  /** The colleague named; null for a give-away to anyone eligible. */
  to: { staffId: string; name: string } | null;
  /** Who took it, once someone has. */
  taker: { staffId: string; name: string } | null;
  place: SwapPlaceView;
  /** A swap: the colleague's place given in return. */
  inReturn: SwapPlaceView | null;
  note: string | null;
  /** The rotas' soft score change at the last check (negative is better). */
  softDelta: number | null;
  autoApproved: boolean;
  /** The answer: why it was rejected, refused, declined or withdrawn, or the manager's words on approval. */
  decisionReason: string | null;
  createdAt: string;
  acceptedAt: string | null;
  decidedAt: string | null;
  /** Managers only: everyone asked (a give-away to anyone eligible asks each of them). */
  invited?: { staffId: string; name: string }[];
}

export function swapView(deps: SelfServiceDeps, row: SwapRow, opts: { viewer: string | 'manager' }): SwapView {
  const person = (id: string) => ({ staffId: id, name: staffName(deps, row.serviceId, id) });
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  const place = (rotaId: string, assignmentId: number, slotId: string, roleId: string, label: string, startMin: number, endMin: number): SwapPlaceView => ({
    rotaId,
    assignmentId,
    slotId,
    roleId,
    label,
    start: new Date(startMin * 60_000).toISOString(),
    end: new Date(endMin * 60_000).toISOString(),
  });
  const asked = opts.viewer !== 'manager' && opts.viewer !== row.fromStaffId;
  let status: SwapView['status'] = row.status;
  if (asked && row.takerStaffId && row.takerStaffId !== opts.viewer) status = 'taken';
  else if (asked && row.status === 'offered' && declinesOf(deps.db, row.id).includes(opts.viewer)) status = 'declined';
  // A colleague who did not take it sees that it went, not to whom.
  const takerShown = row.takerStaffId && (!asked || row.takerStaffId === opts.viewer) ? person(row.takerStaffId) : null;
  return {
    id: row.id,
    kind: row.kind,
    status,
    from: person(row.fromStaffId),
    to: row.toStaffId ? person(row.toStaffId) : null,
    taker: takerShown,
    place: place(row.rotaId, row.assignmentId, row.slotId, row.roleId, row.label, row.startMin, row.endMin),
    inReturn:
      row.counterRotaId && row.counterAssignmentId !== null
        ? place(row.counterRotaId, row.counterAssignmentId, row.counterSlotId!, row.counterRoleId!, row.counterLabel!, row.counterStartMin!, row.counterEndMin!)
        : null,
    note: row.note,
    softDelta: row.softDelta,
    autoApproved: row.autoApproved,
    decisionReason: status === 'taken' ? null : row.decisionReason,
    createdAt: iso(row.createdAtMs)!,
    acceptedAt: iso(row.acceptedAtMs),
    decidedAt: iso(row.decidedAtMs),
    ...(opts.viewer === 'manager' ? { invited: row.invited.map(person) } : {}),
  };
}

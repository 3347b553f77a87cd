// What a manager can do with one place of the rota, in plain data: the actions it offers, the choices
// each action offers, the change an action makes (in the terms of POST /rotas/:id/changes, for the dry
// run) and the request that saves it. No state and no markup: the dialog (place-dialog.tsx) draws it.
import { api, post } from '../api.ts';
import { findAssignment, roleNamer, withoutName, type Assignment, type Rota, type StaffMember, type Unfilled } from '../rota-model.ts';
import type { PlaceTarget } from './rota-grid.tsx';

export type Action = 'give' | 'move' | 'swap' | 'remove' | 'assign' | 'suggested';

export interface Change {
  remove?: number[];
  add?: { slotId: string; roleId: string; staffId: string }[];
}

export interface Choice {
  value: string;
  label: string;
}

export const ACTION_TEXT: Record<Action, string> = {
  give: 'Give this place to another worker',
  move: 'Move this worker to another session',
  swap: 'Swap with another worker’s place',
  remove: 'Take this worker off the place',
  assign: 'Put a worker in this place',
  suggested: 'Apply the suggested move',
};

/** The place the dialog is about: a worker's place (assigned) or an open one, with its session and role. */
export interface Place {
  rota: Rota;
  staff: readonly StaffMember[];
  assigned?: Assignment;
  open?: Unfilled;
  slotId: string;
  roleId: string;
}

export function placeOf(rota: Rota, staff: readonly StaffMember[], target: PlaceTarget): Place {
  const assigned = target.kind === 'assigned' ? target.assignment : undefined;
  const open = target.kind === 'open' ? target.place : undefined;
  return { rota, staff, assigned, open, slotId: assigned?.slotId ?? open!.slotId, roleId: assigned?.roleId ?? open!.roleId };
}

export function actionsFor(place: Place): Action[] {
  return place.assigned ? ['give', 'move', 'swap', 'remove'] : place.open!.move ? ['assign', 'suggested'] : ['assign'];
}

/** Whether the action needs a worker, session or place chosen before it is a change. */
export const needsChoice = (action: Action) => action === 'give' || action === 'assign' || action === 'move' || action === 'swap';

function holder(place: Place) {
  const people = new Map(place.staff.map((m) => [m.id, m]));
  return (staffId: string, role: string) => people.get(staffId)?.roles.includes(role) ?? false;
}

const inSlotOf = (place: Place) => new Set(place.rota.assignments.filter((a) => a.slotId === place.slotId).map((a) => a.staffId));

/** Workers who hold the place's role and are not in its session already, with why the solver left each out. */
function workerChoices(place: Place): Choice[] {
  const holds = holder(place);
  const inSlot = inSlotOf(place);
  return place.staff
    .filter((m) => holds(m.id, place.roleId) && !inSlot.has(m.id))
    .map((m) => {
      const blocks = place.open?.reasons.find((r) => r.workerId === m.id)?.blocks ?? [];
      const why = blocks.length > 0 ? withoutName(blocks[0], m.name) : undefined;
      return { value: m.id, label: `${m.name}${m.kind === 'bank' ? ' (bank)' : ''}${why ? `: ${why}` : ''}` };
    });
}

/** Other sessions' roles the place's worker holds, in sessions they are not in already. */
function moveChoices(place: Place & { assigned: Assignment }): Choice[] {
  const { rota, assigned } = place;
  const holds = holder(place);
  const roleName = roleNamer(rota);
  return rota.slots.flatMap((s) =>
    s.id === assigned.slotId || rota.assignments.some((a) => a.slotId === s.id && a.staffId === assigned.staffId)
      ? []
      : s.roles.filter((r) => holds(assigned.staffId, r.roleId)).map((r) => ({ value: `${s.id}|${r.roleId}`, label: `${s.label}: ${roleName(r.roleId)}` })),
  );
}

/** Other workers' places in other sessions that the two workers could trade. */
function swapChoices(place: Place & { assigned: Assignment }): Choice[] {
  const { rota, assigned } = place;
  const holds = holder(place);
  const inSlot = inSlotOf(place);
  const roleName = roleNamer(rota);
  return rota.assignments
    .filter(
      (b) =>
        b.staffId !== assigned.staffId &&
        b.slotId !== assigned.slotId &&
        holds(assigned.staffId, b.roleId) &&
        holds(b.staffId, assigned.roleId) &&
        !rota.assignments.some((x) => x.slotId === b.slotId && x.staffId === assigned.staffId) &&
        !inSlot.has(b.staffId),
    )
    .map((b) => ({ value: String(b.id), label: `${b.staffName}: ${b.slotLabel} (${roleName(b.roleId)})` }));
}

/** The choices the action offers (none for an action that needs no choice). */
export function choicesFor(place: Place, action: Action): Choice[] {
  if (action === 'give' || action === 'assign') return workerChoices(place);
  const assigned = place.assigned;
  if (!assigned) return [];
  if (action === 'move') return moveChoices({ ...place, assigned });
  if (action === 'swap') return swapChoices({ ...place, assigned });
  return [];
}

/** The change the chosen action makes, in the terms of POST /rotas/:id/changes; undefined while incomplete. */
export function plannedChange(place: Place, action: Action, choice: string): Change | undefined {
  if (needsChoice(action) && !choice) return undefined;
  const { rota, assigned, open, slotId, roleId } = place;
  switch (action) {
    case 'give':
      return { remove: [assigned!.id], add: [{ slotId, roleId, staffId: choice }] };
    case 'assign':
      return { add: [{ slotId, roleId, staffId: choice }] };
    case 'move': {
      const [toSlot, toRole] = choice.split('|');
      return { remove: [assigned!.id], add: [{ slotId: toSlot, roleId: toRole, staffId: assigned!.staffId }] };
    }
    case 'swap': {
      const other = rota.assignments.find((b) => String(b.id) === choice)!;
      return {
        remove: [assigned!.id, other.id],
        add: [
          { slotId: assigned!.slotId, roleId: assigned!.roleId, staffId: other.staffId },
          { slotId: other.slotId, roleId: other.roleId, staffId: assigned!.staffId },
        ],
      };
    }
    case 'remove':
      return { remove: [assigned!.id] };
    case 'suggested': {
      const move = open!.move!;
      const ids = move.remove.map((p) => findAssignment(rota, p)?.id);
      if (ids.some((id) => id === undefined)) return undefined;
      return { remove: ids as number[], add: move.add.map((p) => ({ slotId: p.slotId, roleId: p.roleId, staffId: p.workerId })) };
    }
  }
}

/**
 * Saves the change with the reason (and the override, when given): a single place's own route where
 * there is one (give, assign, remove), otherwise the whole change.
 */
export async function saveChange(place: Place, action: Action, choice: string, planned: Change, reason: string, override: boolean): Promise<void> {
  const base = `/rotas/${encodeURIComponent(place.rota.id)}`;
  const extra = override ? { override: true } : {};
  const { assigned, slotId, roleId } = place;
  if (action === 'give') await api('PATCH', `${base}/assignments/${assigned!.id}`, { staffId: choice, reason, ...extra });
  else if (action === 'assign') await post(`${base}/assignments`, { slotId, roleId, staffId: choice, reason, ...extra });
  else if (action === 'remove') await api('DELETE', `${base}/assignments/${assigned!.id}`, { reason, ...extra });
  else await post(`${base}/changes`, { ...planned, reason, ...extra });
}

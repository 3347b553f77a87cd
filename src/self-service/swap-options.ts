// Whom a worker can offer a place to: the colleagues holding its role, and for a swap the places
// of theirs still to come (published, of a role the worker holds, not already in a swap) that could
// be taken in return. Only what the published rota shows the team: names and sessions, never notes,
// leave or qualifications. Whether a swap is legal is the preview's to say.
import * as rotaRepo from '../db/repositories/rota-repo.ts';
import * as repo from '../db/repositories/self-service-repo.ts';
import type { Actor } from '../services/actor.ts';
import { NotFoundError } from '../services/errors.ts';
import { localTimes, workerOf, type SelfServiceDeps } from './context.ts';

/** How far ahead a colleague's places are listed. */
const HORIZON_MIN = 12 * 7 * 1440;

export interface ColleagueOption {
  staffId: string;
  name: string;
  places: { assignmentId: number; rotaId: string; slotId: string; roleId: string; label: string; start: string; end: string }[];
}

export function swapOptions(deps: SelfServiceDeps, actor: Actor, assignmentId: number): ColleagueOption[] {
  const me = workerOf(actor);
  const mine = repo.assignmentById(deps.db, assignmentId);
  if (!mine || mine.serviceId !== me.serviceId || mine.staffId !== me.staffId || !mine.published || mine.proposed) {
    throw new NotFoundError('published place of yours', String(assignmentId));
  }
  const file = deps.core.loadFile(me.serviceId);
  const myRoles = new Set(file.staff.find((s) => s.id === me.staffId)?.roles ?? []);
  const nowMin = Math.floor(deps.now().getTime() / 60_000);
  const future = rotaRepo.publishedAssignmentsBetween(deps.db, me.serviceId, nowMin + 1, nowMin + HORIZON_MIN).filter((p) => !p.proposed && myRoles.has(p.roleId));
  const inPlay = new Set(repo.liveSwapsOnPlaces(deps.db, future.map((p) => p.id)).flatMap((s) => [s.assignmentId, s.counterAssignmentId]));
  const labels = new Map<string, string>();
  const labelOf = (rotaId: string, slotId: string) => {
    if (!labels.has(rotaId)) for (const s of rotaRepo.getRota(deps.db, rotaId)?.slots ?? []) labels.set(`${rotaId} ${s.id}`, s.label);
    labels.set(rotaId, '');
    return labels.get(`${rotaId} ${slotId}`) ?? slotId;
  };
  return file.staff
    .filter((s) => s.id !== me.staffId && s.roles.includes(mine.roleId))
    .map((s) => ({
      staffId: s.id,
      name: s.name,
      places: future
        .filter((p) => p.staffId === s.id && !inPlay.has(p.id))
        .sort((a, b) => a.startMin - b.startMin)
        .map((p) => ({ assignmentId: p.id, rotaId: p.rotaId, slotId: p.slotId, roleId: p.roleId, label: labelOf(p.rotaId, p.slotId), ...localTimes(p.startMin, p.endMin) })),
    }));
}

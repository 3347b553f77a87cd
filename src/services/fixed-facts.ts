// What a rota must take as given from outside itself, read from the database and laid onto its
// compiled week:
//  - places of the rota still under an open offer are spoken for: each one lowers its (slot, role)
//    demand, so the plan counts it as covered and nobody else is put there while the offer runs;
//  - a worker's accepted sessions and published places in the service's OTHER rotas (other
//    versions of the same week, and sessions accepted in other weeks that overlap in time; work
//    published in other weeks comes in as history and following work, see week-compiler) are fixed
//    facts: the worker is unavailable then ("already booked: ..."). A session of another version of the same week
//    that this week also has is the same booking: it is carried in, as a place of this rota (a
//    solve pins and stores it, publishing stores it, and judging the rota counts it meanwhile);
//  - for a solve only: sessions a worker has been offered and not answered yet, so a re-plan never
//    proposes a place that clashes with one.
// Rest across the week's edges comes from each worker's history and following work (week-compiler).
import type { Assignment, Problem, Unavailability } from '../../solver/model.ts';
import type { Db } from '../db/client.ts';
import * as repo from '../db/repositories/rota-repo.ts';
import type { AssignmentRow, RotaRow } from '../db/repositories/rota-repo.ts';
import { openOfferPlaces, unansweredOffersBetween } from '../offers/repository.ts';
import { placeKey } from './places.ts';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db;

/** A place held in another version of the same week, carried into this one by a solve. */
export interface CarriedPlace extends Assignment {
  readonly fromRotaId: string;
  readonly source: AssignmentRow['source'];
}

export interface FixedFacts {
  /** Open offer places per `slotId\0roleId`. */
  readonly reserved: ReadonlyMap<string, number>;
  /** Unavailability to add per worker id. */
  readonly busy: ReadonlyMap<string, readonly Unavailability[]>;
  /** Places of another version of the week this rota holds too (pinned and stored by a solve or publish). */
  readonly carried: readonly CarriedPlace[];
}

export interface FactOptions {
  /** A solve also keeps clear of sessions offered and not answered yet. */
  readonly forSolve: boolean;
  readonly nowMs: number;
}

export function readFixedFacts(db: Tx, rota: Pick<RotaRow, 'id' | 'serviceId' | 'weekStart'>, problem: Problem, rows: readonly AssignmentRow[], options: FactOptions): FixedFacts {
  const reserved = new Map<string, number>();
  for (const p of openOfferPlaces(db, rota.id)) reserved.set(`${p.slotId}\u0000${p.roleId}`, (reserved.get(`${p.slotId}\u0000${p.roleId}`) ?? 0) + 1);
  const busy = new Map<string, Unavailability[]>();
  const carried: CarriedPlace[] = [];
  if (problem.slots.length === 0) return { reserved, busy, carried };
  const fromMin = Math.min(problem.days[0]?.startMin ?? Infinity, ...problem.slots.map((s) => s.startMin));
  const toMin = Math.max(problem.days[problem.days.length - 1]?.endMin ?? -Infinity, ...problem.slots.map((s) => s.endMin));
  const workers = new Set(problem.workers.map((w) => w.id));
  const slotById = new Map(problem.slots.map((s) => [s.id, s]));
  const here = new Set(rows.map((a) => placeKey({ slotId: a.slotId, roleId: a.roleId, workerId: a.staffId })));
  const addBusy = (staffId: string, u: Unavailability) => busy.set(staffId, [...(busy.get(staffId) ?? []), u]);
  // Rows kept by this rota's solve, per (slot, role): a carried place must still fit under the maximum.
  const filled = new Map<string, number>();
  for (const a of rows) if (a.pinned || a.published || a.source === 'offer') filled.set(`${a.slotId}\u0000${a.roleId}`, (filled.get(`${a.slotId}\u0000${a.roleId}`) ?? 0) + 1);

  for (const f of repo.fixedPlacesAround(db, rota.serviceId, rota.id, fromMin, toMin)) {
    if (!workers.has(f.staffId)) continue;
    // Work published in other weeks is each worker's history or following work (week-compiler),
    // judged there by rest, overlap and runs of days; only what it does not read is a fact here.
    if (f.weekStart !== rota.weekStart && f.published) continue;
    const key = placeKey({ slotId: f.slotId, roleId: f.roleId, workerId: f.staffId });
    const slot = slotById.get(f.slotId);
    const sameBooking = f.weekStart === rota.weekStart && slot !== undefined && slot.roles.some((r) => r.roleId === f.roleId);
    if (sameBooking && here.has(key)) continue; // this rota holds the very same place already
    if (sameBooking) {
      const roleKey = `${f.slotId}\u0000${f.roleId}`;
      const max = slot.roles.find((r) => r.roleId === f.roleId)!.max - (reserved.get(roleKey) ?? 0);
      if ((filled.get(roleKey) ?? 0) < max && !carried.some((c) => placeKey(c) === key)) {
        carried.push({ slotId: f.slotId, roleId: f.roleId, workerId: f.staffId, fromRotaId: f.rotaId, source: f.source });
        filled.set(roleKey, (filled.get(roleKey) ?? 0) + 1);
        continue;
      }
    }
    addBusy(f.staffId, {
      startMin: f.startMin,
      endMin: f.endMin,
      reason: 'other',
      note: `already booked: ${slotLabelOf(f.slotId, slot?.label)} in rota ${f.rotaId} (${f.source === 'offer' ? 'accepted' : 'published'})`,
    });
  }
  if (options.forSolve) {
    for (const o of unansweredOffersBetween(db, rota.serviceId, fromMin, toMin, options.nowMs)) {
      if (!workers.has(o.staffId)) continue;
      addBusy(o.staffId, { startMin: o.startMin, endMin: o.endMin, reason: 'other', note: `offered ${o.label}, awaiting an answer` });
    }
  }
  return { reserved, busy, carried };
}

/** The week with the facts laid on: lower demand where offers are out, busy times, carried places pinned. */
export function withFixedFacts(problem: Problem, facts: FixedFacts): Problem {
  if (facts.reserved.size === 0 && facts.busy.size === 0 && facts.carried.length === 0) return problem;
  const slots = problem.slots.map((slot) => {
    if (!slot.roles.some((r) => facts.reserved.has(`${slot.id}\u0000${r.roleId}`))) return slot;
    return {
      ...slot,
      roles: slot.roles.map((r) => {
        const k = facts.reserved.get(`${slot.id}\u0000${r.roleId}`) ?? 0;
        return k === 0 ? r : { ...r, min: Math.max(0, r.min - k), preferred: Math.max(0, r.preferred - k), max: Math.max(0, r.max - k) };
      }),
    };
  });
  const workers = problem.workers.map((w) => {
    const extra = facts.busy.get(w.id);
    return extra ? { ...w, unavailability: [...w.unavailability, ...extra] } : w;
  });
  const pinned = [...problem.pinned, ...facts.carried.map((c) => ({ slotId: c.slotId, roleId: c.roleId, workerId: c.workerId }))];
  return { ...problem, slots, workers, pinned };
}

/** "drop-in on 2026-12-08" when the session is not in this week's problem to name it. */
function slotLabelOf(slotId: string, label: string | undefined): string {
  if (label) return label;
  const [kind, date] = slotId.split('@');
  return date ? `${kind} on ${date}` : slotId;
}

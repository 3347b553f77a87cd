// A bank place's state as the manager and the worker see it:
//   proposed  the solver's (or a manager's) choice, an assignment row marked proposed: not the
//             worker's, never published; publishing offers it (or leaves it "to offer");
//   offered   out as an offer, awaiting an answer: no assignment row, the offer's open places;
//   accepted  the worker accepted: an assignment row made by the accept (source 'offer').
// A declined, expired or withdrawn offer leaves the place unfilled again.
// Only an accepted place covers: the plan (score, feasible, the publish guard) counts proposed and
// offered places as covered, since they are the plan, but the unfilled view lists each of them as
// still open, saying where it stands ("offered to X, awaiting an answer").
import type { UnfilledPlace } from '../../solver/model.ts';
import type { AssignmentRow, RotaRow } from '../db/repositories/rota-repo.ts';
import type { OfferPlaceRow } from '../offers/repository.ts';
import type { StaffInfo } from './rota-core.ts';

export type BankState = 'proposed' | 'offered' | 'accepted';

/** proposed or accepted for a bank worker's row; null for a contracted worker's. */
export function bankStateOf(row: Pick<AssignmentRow, 'proposed' | 'staffId'>, staff: ReadonlyMap<string, StaffInfo>): BankState | null {
  if (row.proposed) return 'proposed';
  return staff.get(row.staffId)?.kind === 'bank' ? 'accepted' : null;
}

export interface OfferedPlaceView {
  offerId: string;
  slotId: string;
  slotLabel: string;
  roleId: string;
  /** Places of this (session, role) still open under the offer. */
  places: number;
  bankState: 'offered';
  /** Who is asked now (their answer is awaited). */
  offeredTo: { staffId: string; staffName: string }[];
}

export interface AwaitingAnswer {
  state: 'proposed' | 'offered';
  offerId: string | null;
  staffIds: string[];
  staffNames: string[];
  message: string;
}

/** An unfilled place; a place filled only by a proposal or an open offer says so in `awaiting`. */
export type UnfilledView = UnfilledPlace & { awaiting?: AwaitingAnswer };

/** The rota's places under open offers, one entry per offer and (session, role). */
export function offeredPlaces(
  open: readonly OfferPlaceRow[],
  asked: readonly { offerId: string; staffId: string }[],
  staff: ReadonlyMap<string, StaffInfo>,
): OfferedPlaceView[] {
  const out = new Map<string, OfferedPlaceView>();
  for (const p of open) {
    const key = `${p.offerId}\u0000${p.slotId}\u0000${p.roleId}`;
    const seen = out.get(key);
    if (seen) {
      seen.places++;
      continue;
    }
    const offeredTo = asked
      .filter((a) => a.offerId === p.offerId)
      .map((a) => ({ staffId: a.staffId, staffName: staff.get(a.staffId)?.name ?? a.staffId }));
    out.set(key, { offerId: p.offerId, slotId: p.slotId, slotLabel: p.label, roleId: p.roleId, places: 1, bankState: 'offered', offeredTo });
  }
  return [...out.values()];
}

/**
 * The unfilled view: the plan's short places (with why nobody could take them), then every place
 * covered only by a proposal or an open offer, hard while the place is needed for the minimum.
 */
export function unfilledView(
  rota: Pick<RotaRow, 'slots' | 'unfilled'>,
  rows: readonly AssignmentRow[],
  offered: readonly OfferedPlaceView[],
  staff: ReadonlyMap<string, StaffInfo>,
): UnfilledView[] {
  const out: UnfilledView[] = [...(rota.unfilled ?? [])];
  for (const slot of rota.slots ?? []) {
    for (const role of slot.roles) {
      const here = rows.filter((a) => a.slotId === slot.id && a.roleId === role.roleId);
      let covered = here.filter((a) => !a.proposed).length;
      const pending: { missing: number; awaiting: AwaitingAnswer }[] = [];
      for (const o of offered.filter((x) => x.slotId === slot.id && x.roleId === role.roleId)) {
        const names = o.offeredTo.map((t) => t.staffName);
        pending.push({
          missing: o.places,
          awaiting: {
            state: 'offered',
            offerId: o.offerId,
            staffIds: o.offeredTo.map((t) => t.staffId),
            staffNames: names,
            message: names.length > 0 ? `offered to ${names.join(', ')}, awaiting an answer` : 'offered, awaiting an answer',
          },
        });
      }
      for (const a of here.filter((x) => x.proposed)) {
        const name = staff.get(a.staffId)?.name ?? a.staffId;
        pending.push({
          missing: 1,
          awaiting: { state: 'proposed', offerId: null, staffIds: [a.staffId], staffNames: [name], message: `proposed for ${name}, not offered yet` },
        });
      }
      for (const p of pending) {
        // Split at the minimum: the places it still needs are hard, the rest up to the preferred number soft.
        const hard = Math.max(0, Math.min(p.missing, role.min - covered));
        const soft = Math.max(0, Math.min(p.missing - hard, role.preferred - Math.max(covered + hard, role.min)));
        const base = { slotId: slot.id, slotLabel: slot.label, roleId: role.roleId, reasons: [], awaiting: p.awaiting };
        if (hard > 0) out.push({ ...base, missing: hard, level: 'hard' });
        if (soft > 0) out.push({ ...base, missing: soft, level: 'soft' });
        covered += p.missing;
      }
    }
  }
  return out;
}

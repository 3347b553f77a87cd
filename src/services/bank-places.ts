// A bank place's state as the manager and the worker see it:
//   proposed  the solver's (or a manager's) choice, an assignment row marked proposed: not the
//             worker's, never published; publishing offers it (or leaves it "to offer");
//   offered   out as an offer, awaiting an answer: no assignment row, the offer's open places;
//   accepted  the worker accepted: an assignment row made by the accept (source 'offer').
// A declined, expired or withdrawn offer leaves the place unfilled again.
// Only an accepted place covers. The plan's score and the publish guard count proposed and offered
// places, since they are the plan (publishing is what sends the proposals out as offers); what the
// manager reads does not: the unfilled view lists each of them as still open, saying where it
// stands ("offered to X, awaiting an answer"), a rota with a place below its minimum held only that
// way is not `feasible`, and its headline says how many such places wait for an answer.
import type { Headline } from '../../solver/explain/headline.ts';
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
  roleNames: ReadonlyMap<string, string> = new Map(),
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
        const roleName = roleNames.get(role.roleId);
        const base = { slotId: slot.id, slotLabel: slot.label, roleId: role.roleId, ...(roleName ? { roleName } : {}), reasons: [], awaiting: p.awaiting };
        if (hard > 0) out.push({ ...base, missing: hard, level: 'hard' });
        if (soft > 0) out.push({ ...base, missing: soft, level: 'soft' });
        covered += p.missing;
      }
    }
  }
  return out;
}

/**
 * Places below their minimum that nobody holds yet: each (slot, role) short of its `min` counting
 * only the places held (contracted staff, accepted bank workers, published or carried places), not
 * proposals nor open offers. Zero when every minimum is covered.
 */
export function uncoveredMinimum(
  slots: readonly { readonly id: string; readonly roles: readonly { readonly roleId: string; readonly min: number }[] }[],
  held: readonly { readonly slotId: string; readonly roleId: string }[],
): number {
  const count = new Map<string, number>();
  for (const h of held) count.set(`${h.slotId}\u0000${h.roleId}`, (count.get(`${h.slotId}\u0000${h.roleId}`) ?? 0) + 1);
  let short = 0;
  for (const slot of slots) for (const r of slot.roles) short += Math.max(0, r.min - (count.get(`${slot.id}\u0000${r.roleId}`) ?? 0));
  return short;
}

/** The first line a manager reads, or what a plan counting proposals says of the places still waiting. */
export type RotaHeadline = Omit<Headline, 'kind'> & { kind: Headline['kind'] | 'awaiting' };

const MAX_NAMED = 5;

/**
 * The plan's headline, told with the places below their minimum that only a proposal or an open
 * offer holds: "awaiting" when that is all that stands between the rota and being covered.
 */
export function coveredHeadline(plan: Headline, unfilled: readonly UnfilledView[]): RotaHeadline {
  const waiting = unfilled.filter((u) => u.level === 'hard' && u.awaiting !== undefined);
  const places = waiting.reduce((n, u) => n + u.missing, 0);
  if (places === 0) return plan;
  const named = waiting
    .slice(0, MAX_NAMED)
    .map((u) => `${u.slotLabel}: ${u.missing > 1 ? `${u.missing} x ` : ''}${u.roleName ?? u.roleId}, ${u.awaiting!.message}`);
  const more = waiting.length > MAX_NAMED ? `; and ${waiting.length - MAX_NAMED} more` : '';
  const what = `${places} ${places === 1 ? 'place' : 'places'} below their minimum not covered until a bank worker accepts (${named.join('; ')}${more})`;
  if (plan.kind === 'feasible') return { kind: 'awaiting', text: `Not covered yet: ${what}; no hard rule broken` };
  return { kind: plan.kind, text: `${plan.text}; ${what}` };
}

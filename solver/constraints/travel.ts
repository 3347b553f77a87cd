// Travel and venues: refused venues, and time to get from one site to the next between
// consecutive slots (in slot order; remote slots have no venue and need no travel).

import { travelBetween } from './context.ts';
import { breach, perWorker } from './evaluate.ts';
import { evaluatePlaces } from './place.ts';
import { breachPen, formatMinutes, PROTECTION_BASE, type Constraint, type PlaceConstraint } from './types.ts';

/** Minutes short of the travel time between a slot ending at prevEnd and one starting at nextStart. */
export function travelShortMinutes(travelMinutes: number, prevEnd: number, nextStart: number): number {
  const gap = nextStart - prevEnd;
  return gap >= 0 && gap < travelMinutes ? travelMinutes - gap : 0;
}

export const travelRefusedSite: PlaceConstraint = {
  id: 'travel.refusedSite',
  name: 'No work at a venue the worker refuses',
  family: 'travel',
  level: 'hard',
  defaultWeight: 500,
  unit: 'place at a refused venue (plus the protection base)',
  breachBase: PROTECTION_BASE,
  placeUnits(problem, s, _r, w) {
    const siteId = problem.slots[s].siteId;
    return siteId !== null && problem.workers[w].refusedSiteIds.includes(siteId) ? 1 : 0;
  },
  evaluate(problem, assignments, weight) {
    const siteName = (id: string | null) => problem.sites.find((x) => x.id === id)?.name ?? id;
    return evaluatePlaces(this, problem, assignments, weight, (worker, slot) =>
      `${worker.name}: refuses the venue ${siteName(slot.siteId)} of ${slot.label}`,
    );
  },
};

export const travelTime: Constraint = {
  id: 'travel.time',
  name: 'Enough time to travel between venues',
  family: 'travel',
  level: 'hard',
  defaultWeight: 1,
  unit: 'minute of travel time short (plus the protection base per pair)',
  breachBase: PROTECTION_BASE,
  evaluate(problem, assignments, weight) {
    return perWorker(problem, assignments, (worker, held, ix, out) => {
      for (let i = 1; i < held.length; i++) {
        const a = held[i - 1];
        const b = held[i];
        const travel = travelBetween(ix, a, b);
        const short = travelShortMinutes(travel, ix.slotEnd[a], ix.slotStart[b]);
        if (short === 0) continue;
        const message = `${worker.name}: only ${formatMinutes(travel - short)} to travel from ${problem.slots[a].label} to ${problem.slots[b].label}; the journey takes ${formatMinutes(travel)}`;
        out.push(breach(this.id, breachPen(short, weight, PROTECTION_BASE), message, { workerId: worker.id, slotId: problem.slots[b].id }));
      }
    });
  },
};

export const travelConstraints = [travelRefusedSite, travelTime];

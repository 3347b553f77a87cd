// Input checks for solve(): dangling ids and broken intervals are the caller's programming errors and
// get an Error naming the field. An over-constrained but well-formed problem is never an error.

import type { Band, Problem, SolveOptions } from '../model.ts';

function fail(field: string, why: string): never {
  throw new Error(`invalid solve input: ${field}: ${why}`);
}

function isInt(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n);
}

export function validateProblem(problem: Problem): void {
  if (problem === null || typeof problem !== 'object') fail('problem', 'must be an object');
  for (const key of ['days', 'sites', 'slots', 'workers', 'pinned'] as const) {
    if (!Array.isArray(problem[key])) fail(key, 'must be an array');
  }

  problem.days.forEach((day, i) => {
    if (!isInt(day.startMin) || !isInt(day.endMin)) fail(`days[${i}]`, 'startMin and endMin must be integer minutes');
    if (day.endMin <= day.startMin) fail(`days[${i}].endMin`, `${day.endMin} is not after startMin ${day.startMin}`);
  });

  const siteIds = new Set<string>();
  problem.sites.forEach((site, i) => {
    if (siteIds.has(site.id)) fail(`sites[${i}].id`, `duplicate site id "${site.id}"`);
    siteIds.add(site.id);
  });

  const slotById = new Map<string, number>();
  problem.slots.forEach((slot, i) => {
    const at = `slots[${i}]`;
    if (typeof slot.id !== 'string' || slot.id === '') fail(`${at}.id`, 'must be a non-empty string');
    if (slotById.has(slot.id)) fail(`${at}.id`, `duplicate slot id "${slot.id}"`);
    slotById.set(slot.id, i);
    if (!isInt(slot.startMin) || !isInt(slot.endMin)) fail(at, 'startMin and endMin must be integer minutes');
    if (slot.endMin <= slot.startMin) fail(`${at}.endMin`, `${slot.endMin} is not after startMin ${slot.startMin}`);
    if (!isInt(slot.dayIndex) || slot.dayIndex < 0 || slot.dayIndex >= problem.days.length) {
      fail(`${at}.dayIndex`, `${slot.dayIndex} is outside the ${problem.days.length} days of the horizon`);
    }
    if (slot.siteId !== null && !siteIds.has(slot.siteId)) fail(`${at}.siteId`, `unknown site "${slot.siteId}"`);
    if (!Array.isArray(slot.roles)) fail(`${at}.roles`, 'must be an array');
    const seenRoles = new Set<string>();
    slot.roles.forEach((role, r) => {
      const rat = `${at}.roles[${r}]`;
      if (seenRoles.has(role.roleId)) fail(`${rat}.roleId`, `role "${role.roleId}" appears twice in slot "${slot.id}"`);
      seenRoles.add(role.roleId);
      for (const k of ['min', 'preferred', 'max'] as const) {
        if (!isInt(role[k]) || role[k] < 0) fail(`${rat}.${k}`, `must be a non-negative integer, got ${role[k]}`);
      }
      if (role.min > role.max) fail(`${rat}.min`, `min ${role.min} exceeds max ${role.max}`);
      if (role.preferred < role.min || role.preferred > role.max) {
        fail(`${rat}.preferred`, `preferred ${role.preferred} is not between min ${role.min} and max ${role.max}`);
      }
    });
  });

  const workerIds = new Set<string>();
  problem.workers.forEach((worker, i) => {
    if (typeof worker.id !== 'string' || worker.id === '') fail(`workers[${i}].id`, 'must be a non-empty string');
    if (workerIds.has(worker.id)) fail(`workers[${i}].id`, `duplicate worker id "${worker.id}"`);
    workerIds.add(worker.id);
    if (!Array.isArray(worker.roles)) fail(`workers[${i}].roles`, 'must be an array');
    for (const key of ['minutesPerWeek', 'minutesTotal'] as const) {
      const band = worker[key];
      if (band !== undefined) validateBand(band, `workers[${i}].${key}`);
    }
    const next = worker.following;
    if (next !== undefined) {
      const at = `workers[${i}].following`;
      if (!isInt(next.nextShiftStartMin) || !isInt(next.nextShiftEndMin)) fail(at, 'nextShiftStartMin and nextShiftEndMin must be integer minutes');
      if (next.nextShiftEndMin <= next.nextShiftStartMin) fail(`${at}.nextShiftEndMin`, `${next.nextShiftEndMin} is not after nextShiftStartMin ${next.nextShiftStartMin}`);
      const horizonEnd = problem.days.length > 0 ? problem.days[problem.days.length - 1].endMin : -Infinity;
      if (next.nextShiftStartMin < horizonEnd) fail(`${at}.nextShiftStartMin`, `${next.nextShiftStartMin} is before the horizon ends (${horizonEnd})`);
      if (!isInt(next.consecutiveDaysWorked) || next.consecutiveDaysWorked < 0) fail(`${at}.consecutiveDaysWorked`, 'must be a non-negative integer');
    }
  });

  problem.pinned.forEach((pin, i) => {
    const at = `pinned[${i}]`;
    const slotIndex = slotById.get(pin.slotId);
    if (slotIndex === undefined) fail(`${at}.slotId`, `unknown slot "${pin.slotId}"`);
    if (!workerIds.has(pin.workerId)) fail(`${at}.workerId`, `unknown worker "${pin.workerId}"`);
    if (!problem.slots[slotIndex].roles.some((r) => r.roleId === pin.roleId)) {
      fail(`${at}.roleId`, `slot "${pin.slotId}" has no role "${pin.roleId}"`);
    }
  });
}

/**
 * A band's limits are whole minutes and each minimum at most its maximum. A minimum past its maximum
 * leaves no legal value; the rule judges one side of it (below the minimum, or above the maximum),
 * where an encoding reading both limits as rows would charge both: a bound above every rota's score.
 */
function validateBand(band: Band, at: string): void {
  for (const k of ['hardMin', 'softMin', 'softMax', 'hardMax'] as const) {
    const v = band[k];
    if (v !== undefined && (!isInt(v) || v < 0)) fail(`${at}.${k}`, `must be non-negative integer minutes, got ${v}`);
  }
  if (band.hardMin !== undefined && band.hardMax !== undefined && band.hardMin > band.hardMax) {
    fail(`${at}.hardMin`, `hardMin ${band.hardMin} exceeds hardMax ${band.hardMax}`);
  }
  if (band.softMin !== undefined && band.softMax !== undefined && band.softMin > band.softMax) {
    fail(`${at}.softMin`, `softMin ${band.softMin} exceeds softMax ${band.softMax}`);
  }
}

export function validateOptions(options: SolveOptions): void {
  if (options.seed !== undefined && !Number.isFinite(options.seed)) fail('options.seed', 'must be a finite number');
  if (options.maxMoves !== undefined && !(options.maxMoves >= 0)) fail('options.maxMoves', 'must be >= 0');
  if (options.timeLimitMs !== undefined) {
    if (!(options.timeLimitMs >= 0)) fail('options.timeLimitMs', 'must be >= 0');
    if (options.clock === undefined) {
      fail('options.clock', 'timeLimitMs needs an injected clock, since the solver never reads the clock itself');
    }
  }
}

// No minute of a worker is paid twice. Each outcome pays some span of the worker's time; two places
// of one worker whose spans overlap would pay those minutes twice (a 09:00-17:00 shift and a 13:00-17:00
// session both worked is 12 hours paid for 8). The service refuses the outcome that would overlap.

import type { SessionOutcome } from './types.ts';

/** Half-open [startMin, endMin) in UTC minutes. */
export interface PaidSpan {
  readonly startMin: number;
  readonly endMin: number;
}

export interface ScheduleTimes {
  readonly startMin: number;
  readonly endMin: number;
  readonly cancellationMinimumMinutes?: number | null;
}

/**
 * The span an outcome pays as time: worked, the actual times (else the scheduled ones); cancelled for
 * no service users, the paid minimum counted from the scheduled start (the worker was there for it);
 * any other outcome pays no time. Paid preparation has no place on the clock, so it is not counted.
 */
export function paidSpan(schedule: ScheduleTimes, outcome: SessionOutcome): PaidSpan | undefined {
  if (outcome.status === 'worked') {
    return { startMin: outcome.actualStartMin ?? schedule.startMin, endMin: outcome.actualEndMin ?? schedule.endMin };
  }
  const minimum = schedule.cancellationMinimumMinutes ?? 0;
  if (outcome.status === 'cancelled' && outcome.reason === 'no-service-users' && minimum > 0) {
    return { startMin: schedule.startMin, endMin: schedule.startMin + minimum };
  }
  return undefined;
}

/** Minutes two spans share. */
export function overlapMinutes(a: PaidSpan, b: PaidSpan): number {
  return Math.max(0, Math.min(a.endMin, b.endMin) - Math.max(a.startMin, b.startMin));
}

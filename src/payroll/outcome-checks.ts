// What an outcome must satisfy before it is stored, beyond its own fields: the session has happened,
// it belongs to a period paid through rota, and it pays no minute the worker is already paid for.
import type { Db } from '../db/client.ts';
import { BadRequestError, ConflictError } from '../services/errors.ts';
import type { PayrollCalendar } from './calendar.ts';
import { overlapMinutes, paidSpan } from './clashes.ts';
import * as repo from './repository.ts';
import type { SessionOutcome } from './types.ts';

interface Schedule {
  readonly startMin: number;
  readonly endMin: number;
  readonly cancellationMinimumMinutes: number | null;
}

/**
 * An outcome says what happened, so a session that has not started has none yet; worked time cannot
 * end in the future; a session still running is recorded as worked only with its actual times.
 */
export function checkHasHappened(cal: PayrollCalendar, now: Date, schedule: Schedule, outcome: SessionOutcome): void {
  const nowMin = Math.floor(now.getTime() / 60_000);
  const at = (min: number) => `${cal.formatLocal(min)} (${cal.zone})`;
  if (nowMin < schedule.startMin) {
    throw new ConflictError(`the session has not started: it starts ${at(schedule.startMin)}; record what happened once it has`, {
      errors: [{ path: 'body.slotId', message: `the session starts ${at(schedule.startMin)}, after now (${at(nowMin)})` }],
    });
  }
  if (outcome.status !== 'worked') return;
  if (outcome.actualEndMin !== undefined && outcome.actualEndMin > nowMin) {
    throw new BadRequestError('invalid outcome: body.actualEnd is in the future', [{ path: 'body.actualEnd', message: `must not be after now (${at(nowMin)})` }]);
  }
  if (outcome.actualEndMin === undefined && nowMin < schedule.endMin) {
    throw new ConflictError(`the session is still running until ${at(schedule.endMin)}: record it as worked once it has ended, or give actualStart and actualEnd`, {
      errors: [{ path: 'body.status', message: `worked without actual times needs the session to have ended (${at(schedule.endMin)})` }],
    });
  }
}

/** The outcome as last recorded (the draft awaiting sign-off, or the signed-off one). */
export function draftOutcome(r: repo.OutcomeRow): SessionOutcome {
  if (r.status === 'worked') {
    return r.actualStartMin !== null && r.actualEndMin !== null ? { status: 'worked', actualStartMin: r.actualStartMin, actualEndMin: r.actualEndMin } : { status: 'worked' };
  }
  return r.status === 'cancelled' ? { status: 'cancelled', reason: r.cancelReason ?? 'other' } : { status: 'no-show' };
}

/** Places before the first pay period were paid outside rota; recording one here would pay it again. */
export function checkInPayroll(cal: PayrollCalendar, firstPeriodStart: string | null, schedule: Schedule): void {
  const date = cal.localDateOf(schedule.startMin);
  if (firstPeriodStart !== null && date < firstPeriodStart) {
    throw new ConflictError(`the session on ${date} is before the first pay period (${firstPeriodStart}): places before it are paid outside rota`, {
      errors: [{ path: 'body.slotId', message: `before the first pay period ${firstPeriodStart} (payroll settings firstPeriodStart)` }],
    });
  }
}

/**
 * Refuse an outcome that pays minutes another place of the same worker pays, in its signed-off version
 * or its draft (either may be what is paid): the clerk corrects one place, then records the other.
 */
export function checkNoClash(db: repo.Tx, cal: PayrollCalendar, row: repo.OutcomeRow, outcome: SessionOutcome, timesGiven: boolean): void {
  const mine = paidSpan(row, outcome);
  if (!mine) return;
  for (const other of repo.listOutcomesOfStaff(db, row.serviceId, row.staffId)) {
    if (other.rotaId === row.rotaId && other.slotId === row.slotId) continue;
    for (const version of [other.signedOutcome, draftOutcome(other)]) {
      const span = version ? paidSpan(other, version) : undefined;
      const shared = span ? overlapMinutes(mine, span) : 0;
      if (!span || shared === 0) continue;
      const place = `${other.rotaId}/${other.slotId}`;
      const when = `${cal.formatLocal(span.startMin)} to ${cal.formatLocal(span.endMin)}`;
      // In words for the manager who records it; the ids are in `clash`.
      const who = repo.getStaffName(db, row.serviceId, row.staffId) ?? row.staffId;
      const message = `${who} is already paid for the ${other.kind} session from ${when} (${version!.status}${version === other.signedOutcome ? ', signed off' : ', draft'}): ${shared} minute(s) would be paid twice`;
      throw new ConflictError(`${message}; correct one of the two places first`, {
        errors: [{ path: timesGiven ? 'body.actualStart' : 'body.slotId', message }],
        clash: { sessionId: place, staffId: other.staffId, startLocal: cal.formatLocal(span.startMin), endLocal: cal.formatLocal(span.endMin), status: version!.status, overlapMinutes: shared },
      });
    }
  }
}

// One pay period: its figures, places still unsigned (a manager signs them off as worked), adjustments
// carried from locked periods, locking, and the downloads.
import { useState } from 'preact/hooks';
import { periodName, type PeriodItem } from '../pages/payroll.tsx';
import { useSession } from '../session.ts';
import { Alert, Loading, formatDate } from './ui.tsx';
import { exportUrl, placeKey, usePayPeriod, type Line, type PeriodExport, type Pending } from './use-pay-period.ts';

const PENDING_STATE: Record<NonNullable<Pending['state']>, string> = {
  'not-recorded': 'Nothing recorded',
  'not-signed-off': 'Recorded, not signed off',
  'change-not-signed-off': 'Changed since sign-off',
};

/** "17:30-00:30 (ends next day)" from "2026-11-26 17:30" and "2026-11-27 00:30" (or bare times). */
function timesText(start: string, end: string): string {
  const [startDate, startTime] = start.includes(' ') ? start.split(' ') : ['', start];
  const [endDate, endTime] = end.includes(' ') ? end.split(' ') : ['', end];
  return `${startTime}-${endTime}${endDate && endDate !== startDate ? ' (ends next day)' : ''}`;
}

const pounds = (pence: number) => `£${(pence / 100).toFixed(2)}`;
const hours = (minutes: number) => (minutes / 60).toFixed(2);

/** Worker names by id, from the totals and the unsigned places. */
function namesOf(data: PeriodExport): Map<string, string> {
  const names = new Map<string, string>();
  for (const t of data.totals) names.set(t.workerId, t.workerName);
  for (const p of data.pending) if (p.workerName) names.set(p.workerId, p.workerName);
  return names;
}

export function PayPeriodDetail({ serviceId, period, onChanged }: { serviceId: string; period: PeriodItem; onChanged: () => void }) {
  const { session } = useSession();
  const isManager = session.signedIn && session.role === 'manager';
  const { data, error, notice, busy, selected, setSelected, signOff, lock } = usePayPeriod(serviceId, period, onChanged);
  const names = data ? namesOf(data) : new Map<string, string>();

  return (
    <section aria-labelledby="period-heading" class="card">
      <h2 id="period-heading">{periodName(period)}</h2>
      {notice && <Alert kind="success">{notice}</Alert>}
      {error && <Alert kind="error">{error}</Alert>}
      {!data && !error && <Loading what="the period" />}
      {data && (
        <>
          <PeriodFacts data={data} period={period} />
          <PeriodDownloads serviceId={serviceId} period={period} />
          <UnsignedPlaces
            pending={data.pending}
            names={names}
            canSign={isManager && !data.locked}
            busy={busy}
            selected={selected}
            onSelect={setSelected}
            onSignOff={signOff}
          />
          <Adjustments lines={data.lines.filter((l) => l.lineType === 'adjustment')} names={names} />
          {!data.locked && period.nextToLock && <LockPeriod unsigned={data.pending.length} busy={busy} onLock={lock} />}
          {!data.locked && !period.nextToLock && !period.beforeFirst && (
            <p class="muted">This period can be locked once the periods before it are locked.</p>
          )}
        </>
      )}
    </section>
  );
}

function PeriodFacts({ data, period }: { data: PeriodExport; period: PeriodItem }) {
  const sessions = data.lines.filter((l) => l.lineType === 'session');
  const payPence = data.totals.reduce((n, t) => n + t.payPence, 0);
  const paidMinutes = data.totals.reduce((n, t) => n + t.paidMinutes, 0);
  return (
    <dl class="facts">
      <dt>State</dt>
      <dd>{data.locked ? 'Locked: its export stays the same; later changes are paid as adjustments in the next open period.' : period.beforeFirst ? 'Before payroll started here: nothing to pay.' : 'Open'}</dd>
      <dt>Paid sessions</dt>
      <dd>{sessions.length}</dd>
      <dt>Paid hours</dt>
      <dd>{hours(paidMinutes)}</dd>
      <dt>Pay</dt>
      <dd>{pounds(payPence)}</dd>
      <dt>Unsigned places</dt>
      <dd>{data.pending.length}</dd>
    </dl>
  );
}

function PeriodDownloads({ serviceId, period }: { serviceId: string; period: PeriodItem }) {
  return (
    <p class="no-print">
      <a class="button" href={exportUrl(serviceId, period, 'csv')} download>
        Download CSV
      </a>
      <a class="button button--quiet" href={exportUrl(serviceId, period, 'csv-totals')} download>
        Download totals CSV
      </a>
      <a class="button button--quiet" href={exportUrl(serviceId, period, 'json')} download={`payroll-${serviceId}-${period.startDate}.json`}>
        Download JSON
      </a>
    </p>
  );
}

interface UnsignedProps {
  pending: Pending[];
  names: Map<string, string>;
  /** A manager, in a period still open: each place can be chosen and signed off. */
  canSign: boolean;
  busy: boolean;
  selected: Set<string>;
  onSelect: (keys: Set<string>) => void;
  onSignOff: () => void;
}

function UnsignedPlaces({ pending, names, canSign, busy, selected, onSelect, onSignOff }: UnsignedProps) {
  const toggle = (key: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(key);
    else next.delete(key);
    onSelect(next);
  };
  return (
    <>
      <h3 id="unsigned-heading">Places still unsigned</h3>
      {pending.length === 0 ? (
        <p>Every place in this period is signed off.</p>
      ) : (
        <>
          <p>These places are not paid until a manager records what happened and signs them off.</p>
          <div class="table-wrap" role="region" aria-labelledby="unsigned-heading" tabIndex={0}>
            <table aria-labelledby="unsigned-heading">
              <thead>
                <tr>
                  {canSign && <th scope="col">Sign off</th>}
                  <th scope="col">Worker</th>
                  <th scope="col">Session</th>
                  <th scope="col">Date</th>
                  <th scope="col">Times</th>
                  <th scope="col">State</th>
                </tr>
              </thead>
              <tbody>
                {pending.map((p) => (
                  <UnsignedRow key={placeKey(p)} place={p} name={names.get(p.workerId) ?? p.workerId} canSign={canSign} checked={selected.has(placeKey(p))} onToggle={toggle} />
                ))}
              </tbody>
            </table>
          </div>
          {canSign && (
            <p class="no-print">
              <button type="button" class="button" disabled={busy || selected.size === 0} onClick={onSignOff}>
                Sign off {selected.size || ''} as worked as planned
              </button>
              <button type="button" class="button button--quiet" disabled={busy} onClick={() => onSelect(new Set(pending.map(placeKey)))}>
                Select all
              </button>
            </p>
          )}
        </>
      )}
    </>
  );
}

function UnsignedRow({ place: p, name, canSign, checked, onToggle }: { place: Pending; name: string; canSign: boolean; checked: boolean; onToggle: (key: string, on: boolean) => void }) {
  const label = `${name}, ${p.sessionKind ?? 'session'} ${p.localDate ?? ''}`;
  return (
    <tr>
      {canSign && (
        <td>
          <input type="checkbox" aria-label={`Sign off ${label}`} checked={checked} onChange={(e) => onToggle(placeKey(p), e.currentTarget.checked)} />
        </td>
      )}
      <td>{name}</td>
      <td>{p.sessionKind ?? p.sessionId}</td>
      <td>{p.localDate ? formatDate(p.localDate) : ''}</td>
      <td>{p.startLocal && p.endLocal ? timesText(p.startLocal, p.endLocal) : ''}</td>
      <td>{p.state ? PENDING_STATE[p.state] : 'Not signed off'}</td>
    </tr>
  );
}

function Adjustments({ lines, names }: { lines: Line[]; names: Map<string, string> }) {
  return (
    <>
      <h3 id="adjustments-heading">Adjustments carried from locked periods</h3>
      {lines.length === 0 ? (
        <p>None in this period.</p>
      ) : (
        <div class="table-wrap" role="region" aria-labelledby="adjustments-heading" tabIndex={0}>
          <table aria-labelledby="adjustments-heading">
            <thead>
              <tr>
                <th scope="col">Worker</th>
                <th scope="col">Session</th>
                <th scope="col">Adjusts period</th>
                <th scope="col" class="num">Paid hours</th>
                <th scope="col" class="num">Pay</th>
              </tr>
            </thead>
            <tbody>
              {lines.map((l) => (
                <tr key={`${l.sessionId}|${l.workerId}|${l.adjustsPeriodId}`}>
                  <td>{names.get(l.workerId) ?? l.workerId}</td>
                  <td>
                    {l.sessionKind} {formatDate(l.localDate)} {timesText(l.startLocal, l.endLocal)}
                  </td>
                  <td>{l.adjustsPeriodId ? formatDate(l.adjustsPeriodId) : ''}</td>
                  <td class="num">{hours(l.paidMinutes)}</td>
                  <td class="num">{pounds(l.payPence)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

/** Locking the next period, knowingly when places are still unsigned. */
function LockPeriod({ unsigned, busy, onLock }: { unsigned: number; busy: boolean; onLock: (allowPending: boolean) => void }) {
  const [allowPending, setAllowPending] = useState(false);
  return (
    <div class="no-print">
      <h3>Lock this period</h3>
      <p>Locking fixes the period's export. Periods lock in order; this is the next one.</p>
      {unsigned > 0 && (
        <label class="checkbox">
          <input type="checkbox" checked={allowPending} onChange={(e) => setAllowPending(e.currentTarget.checked)} /> Lock even though{' '}
          {unsigned} place{unsigned === 1 ? ' is' : 's are'} unsigned (they are paid as adjustments once signed off)
        </label>
      )}
      <button type="button" class="button button--danger" disabled={busy} onClick={() => onLock(allowPending)}>
        Lock period
      </button>
    </div>
  );
}

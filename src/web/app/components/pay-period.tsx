// One pay period: its figures, places still unsigned (a manager signs them off as worked), adjustments
// carried from locked periods, locking, and the downloads.
import { useEffect, useState } from 'preact/hooks';
import { describeError, get, post, query } from '../api.ts';
import { periodName, type PeriodItem } from '../pages/payroll.tsx';
import { useSession } from '../session.ts';
import { Alert, Loading, formatDate } from './ui.tsx';

interface Line {
  lineType: 'session' | 'adjustment';
  workerId: string;
  sessionId: string;
  sessionKind: string;
  outcome: string;
  localDate: string;
  startLocal: string;
  endLocal: string;
  adjustsPeriodId: string | null;
  paidMinutes: number;
  payPence: number;
}
interface Total {
  workerId: string;
  workerName: string;
  paidMinutes: number;
  payPence: number;
}
interface Pending {
  sessionId: string;
  workerId: string;
  workerName: string | null;
  sessionKind: string | null;
  state: 'not-recorded' | 'not-signed-off' | 'change-not-signed-off' | null;
  localDate: string | null;
  startLocal: string | null;
  endLocal: string | null;
}
interface PeriodExport {
  periodId: string;
  locked: boolean;
  lines: Line[];
  totals: Total[];
  pending: Pending[];
}

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
const placeKey = (p: Pending) => `${p.sessionId}|${p.workerId}`;

/** "rota-id/slot-id" -> its parts (slot ids never hold a slash). */
function splitSession(sessionId: string): { rotaId: string; slotId: string } {
  const cut = sessionId.lastIndexOf('/');
  return { rotaId: sessionId.slice(0, cut), slotId: sessionId.slice(cut + 1) };
}

export function PayPeriodDetail({ serviceId, period, onChanged }: { serviceId: string; period: PeriodItem; onChanged: () => void }) {
  const { session } = useSession();
  const isManager = session.signedIn && session.role === 'manager';
  const [data, setData] = useState<PeriodExport>();
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [allowPending, setAllowPending] = useState(false);
  const [busy, setBusy] = useState(false);
  const range = { serviceId, from: period.startDate, to: period.endDate };

  const load = () =>
    get<{ periods: PeriodExport[] }>(`/payroll/export${query({ ...range, format: 'json' })}`).then(
      (r) => setData(r.periods[0]),
      (e) => setError(describeError(e)),
    );
  useEffect(() => {
    void load();
  }, []);

  const signOff = async () => {
    if (!data) return;
    setBusy(true);
    setError(undefined);
    setNotice(undefined);
    const places = data.pending.filter((p) => selected.has(placeKey(p)));
    try {
      for (const p of places.filter((x) => x.state === 'not-recorded' || x.state === null)) {
        await post('/payroll/outcomes', { serviceId, ...splitSession(p.sessionId), staffId: p.workerId, status: 'worked' });
      }
      await post('/payroll/sign-offs', { serviceId, places: places.map((p) => ({ ...splitSession(p.sessionId), staffId: p.workerId })) });
      setNotice(`Signed off ${places.length} place${places.length === 1 ? '' : 's'} as worked.`);
      setSelected(new Set());
      await load();
    } catch (e) {
      setError(describeError(e));
      await load();
    } finally {
      setBusy(false);
    }
  };

  const lock = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await post(`/payroll/periods/${period.periodId}/lock`, { serviceId, allowPending });
      setNotice(`Locked the period ${periodName(period)}.`);
      onChanged();
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  const names = new Map<string, string>();
  for (const t of data?.totals ?? []) names.set(t.workerId, t.workerName);
  for (const p of data?.pending ?? []) if (p.workerName) names.set(p.workerId, p.workerName);
  const adjustments = data?.lines.filter((l) => l.lineType === 'adjustment') ?? [];
  const sessions = data?.lines.filter((l) => l.lineType === 'session') ?? [];
  const payPence = data?.totals.reduce((n, t) => n + t.payPence, 0) ?? 0;
  const paidMinutes = data?.totals.reduce((n, t) => n + t.paidMinutes, 0) ?? 0;

  return (
    <section aria-labelledby="period-heading" class="card">
      <h2 id="period-heading">{periodName(period)}</h2>
      {notice && <Alert kind="success">{notice}</Alert>}
      {error && <Alert kind="error">{error}</Alert>}
      {!data && !error && <Loading what="the period" />}
      {data && (
        <>
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
          <p class="no-print">
            <a class="button" href={`/payroll/export${query({ ...range, format: 'csv' })}`} download>
              Download CSV
            </a>
            <a class="button button--quiet" href={`/payroll/export${query({ ...range, format: 'csv-totals' })}`} download>
              Download totals CSV
            </a>
            <a class="button button--quiet" href={`/payroll/export${query({ ...range, format: 'json' })}`} download={`payroll-${serviceId}-${period.startDate}.json`}>
              Download JSON
            </a>
          </p>

          <h3 id="unsigned-heading">Places still unsigned</h3>
          {data.pending.length === 0 ? (
            <p>Every place in this period is signed off.</p>
          ) : (
            <>
              <p>These places are not paid until a manager records what happened and signs them off.</p>
              <div class="table-wrap" role="region" aria-labelledby="unsigned-heading" tabIndex={0}>
                <table aria-labelledby="unsigned-heading">
                  <thead>
                    <tr>
                      {isManager && !data.locked && <th scope="col">Sign off</th>}
                      <th scope="col">Worker</th>
                      <th scope="col">Session</th>
                      <th scope="col">Date</th>
                      <th scope="col">Times</th>
                      <th scope="col">State</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.pending.map((p) => {
                      const key = placeKey(p);
                      const label = `${names.get(p.workerId) ?? p.workerId}, ${p.sessionKind ?? 'session'} ${p.localDate ?? ''}`;
                      return (
                        <tr key={key}>
                          {isManager && !data.locked && (
                            <td>
                              <input
                                type="checkbox"
                                aria-label={`Sign off ${label}`}
                                checked={selected.has(key)}
                                onChange={(e) => {
                                  const next = new Set(selected);
                                  if (e.currentTarget.checked) next.add(key);
                                  else next.delete(key);
                                  setSelected(next);
                                }}
                              />
                            </td>
                          )}
                          <td>{names.get(p.workerId) ?? p.workerId}</td>
                          <td>{p.sessionKind ?? p.sessionId}</td>
                          <td>{p.localDate ? formatDate(p.localDate) : ''}</td>
                          <td>{p.startLocal && p.endLocal ? timesText(p.startLocal, p.endLocal) : ''}</td>
                          <td>{p.state ? PENDING_STATE[p.state] : 'Not signed off'}</td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
              {isManager && !data.locked && (
                <p class="no-print">
                  <button type="button" class="button" disabled={busy || selected.size === 0} onClick={signOff}>
                    Sign off {selected.size || ''} as worked as planned
                  </button>
                  <button type="button" class="button button--quiet" disabled={busy} onClick={() => setSelected(new Set(data.pending.map(placeKey)))}>
                    Select all
                  </button>
                </p>
              )}
            </>
          )}

          <h3 id="adjustments-heading">Adjustments carried from locked periods</h3>
          {adjustments.length === 0 ? (
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
                  {adjustments.map((l) => (
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

          {!data.locked && period.nextToLock && (
            <div class="no-print">
              <h3>Lock this period</h3>
              <p>Locking fixes the period's export. Periods lock in order; this is the next one.</p>
              {data.pending.length > 0 && (
                <label class="checkbox">
                  <input type="checkbox" checked={allowPending} onChange={(e) => setAllowPending(e.currentTarget.checked)} /> Lock even though{' '}
                  {data.pending.length} place{data.pending.length === 1 ? ' is' : 's are'} unsigned (they are paid as adjustments once signed off)
                </label>
              )}
              <button type="button" class="button button--danger" disabled={busy} onClick={lock}>
                Lock period
              </button>
            </div>
          )}
          {!data.locked && !period.nextToLock && !period.beforeFirst && (
            <p class="muted">This period can be locked once the periods before it are locked.</p>
          )}
        </>
      )}
    </section>
  );
}

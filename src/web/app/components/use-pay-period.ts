// One pay period's export as the server gives it, and what a manager or payroll does to it: sign places
// off as worked (recording "worked" first where nothing was recorded) and lock the period.
import { useEffect, useState } from 'preact/hooks';
import { describeError, get, post, query } from '../api.ts';
import { periodName, type PeriodItem } from '../pages/payroll.tsx';

export interface Line {
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
export interface Total {
  workerId: string;
  workerName: string;
  paidMinutes: number;
  payPence: number;
}
export interface Pending {
  sessionId: string;
  workerId: string;
  workerName: string | null;
  sessionKind: string | null;
  state: 'not-recorded' | 'not-signed-off' | 'change-not-signed-off' | null;
  localDate: string | null;
  startLocal: string | null;
  endLocal: string | null;
}
export interface PeriodExport {
  periodId: string;
  locked: boolean;
  lines: Line[];
  totals: Total[];
  pending: Pending[];
}

export const placeKey = (p: Pending) => `${p.sessionId}|${p.workerId}`;

/** The export's address in a format (json, csv, csv-totals), for the period's dates. */
export const exportUrl = (serviceId: string, period: PeriodItem, format: string) =>
  `/payroll/export${query({ serviceId, from: period.startDate, to: period.endDate, format })}`;

/** "rota-id/slot-id" -> its parts (slot ids never hold a slash). */
function splitSession(sessionId: string): { rotaId: string; slotId: string } {
  const cut = sessionId.lastIndexOf('/');
  return { rotaId: sessionId.slice(0, cut), slotId: sessionId.slice(cut + 1) };
}

/** onChanged: the period was locked (the page reads its periods again). */
export function usePayPeriod(serviceId: string, period: PeriodItem, onChanged: () => void) {
  const [data, setData] = useState<PeriodExport>();
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);

  const load = () =>
    get<{ periods: PeriodExport[] }>(exportUrl(serviceId, period, 'json')).then(
      (r) => setData(r.periods[0]),
      (e) => setError(describeError(e)),
    );
  useEffect(() => {
    void load();
  }, []);

  /** Signs off the selected places as worked. */
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

  const lock = async (allowPending: boolean) => {
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

  return { data, error, notice, busy, selected, setSelected, signOff, lock };
}

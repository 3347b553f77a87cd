// Payroll: pick a service and a pay period; see its figures, the places still unsigned (a manager
// signs them off), adjustments carried from locked periods; lock it; download CSV and JSON.
import { useEffect, useState } from 'preact/hooks';
import { PAGES } from '../../pages.ts';
import { describeError, get, query } from '../api.ts';
import { ServicePicker, type Service } from '../components/service-picker.tsx';
import { Alert, Loading, formatDate } from '../components/ui.tsx';
import { PayPeriodDetail } from '../components/pay-period.tsx';
import { PaySetup } from '../components/pay-setup.tsx';
import { navigate, useLocation, usePageTitle } from '../router.tsx';


export interface PaySettings {
  serviceId: string;
  frequency: 'weekly' | 'fortnightly' | 'monthly';
  anchorDate: string;
  nightStartMinute: number;
  nightEndMinute: number;
  holidayMode: 'accrual' | 'rolled-up';
  firstPeriodStart: string | null;
  configured: boolean;
}

export interface PeriodItem {
  periodId: string;
  startDate: string;
  endDate: string;
  locked: boolean;
  beforeFirst: boolean;
  nextToLock: boolean;
}

interface PeriodList {
  settings: PaySettings;
  nextToLock: string | null;
  periods: PeriodItem[];
}

/** The last day of a period (its end date is exclusive). */
export function lastDay(endDate: string): string {
  return new Date(Date.parse(`${endDate}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

export function periodName(p: { startDate: string; endDate: string }): string {
  return `${formatDate(p.startDate)} to ${formatDate(lastDay(p.endDate))}`;
}

function periodState(p: PeriodItem): { label: string; tone: string } {
  if (p.locked) return { label: 'Locked', tone: 'ok' };
  if (p.beforeFirst) return { label: 'Before payroll started', tone: 'info' };
  if (p.nextToLock) return { label: 'Open: next to lock', tone: 'warn' };
  return { label: 'Open', tone: 'info' };
}

export function PayrollPage() {
  usePageTitle('Payroll');
  const { search } = useLocation();
  const [services, setServices] = useState<Service[]>();
  const [error, setError] = useState<string>();
  const [reload, setReload] = useState(0);
  const serviceId = search.get('service') ?? services?.[0]?.id;
  const again = () => setReload((n) => n + 1);

  const go = (params: Record<string, string | undefined>) =>
    navigate(`${PAGES.payroll}${query({ service: serviceId, period: search.get('period') ?? undefined, ...params })}`, { replace: true });

  useEffect(() => {
    get<Service[]>('/services').then(setServices, (e) => setError(describeError(e)));
  }, []);
  const list = usePayPeriods(serviceId, search, reload, setError);

  // Default: the period to lock next (what payroll works on), else the one around the date asked for.
  const chosen =
    list?.periods.find((p) => p.periodId === search.get('period')) ?? list?.periods.find((p) => p.nextToLock) ?? list?.periods[Math.floor((list?.periods.length ?? 0) / 2)];

  return (
    <>
      <h1 tabIndex={-1}>Payroll</h1>
      {error && <Alert kind="error">{error}</Alert>}
      {!services && !error && <Loading what="services" />}
      {services && <ServicePicker services={services} value={serviceId} page={PAGES.payroll} id="service" />}
      {serviceId && !list && !error && <Loading what="pay periods" />}
      {list && list.settings.firstPeriodStart === null && <PaySetup serviceId={serviceId!} settings={list.settings} onSaved={again} />}
      {list && list.settings.firstPeriodStart !== null && (
        <>
          <Periods list={list} chosen={chosen} serviceId={serviceId!} around={search.get('around') ?? undefined} go={go} />
          {chosen && <PayPeriodDetail key={`${serviceId}/${chosen.periodId}/${reload}`} serviceId={serviceId!} period={chosen} onChanged={again} />}
        </>
      )}
    </>
  );
}

/**
 * The service's pay periods around `?around=` (else `?period=`), read again when either the service,
 * `?around=` or reload changes; a failure is told through onError.
 */
function usePayPeriods(serviceId: string | undefined, search: URLSearchParams, reload: number, onError: (message: string) => void): PeriodList | undefined {
  const [list, setList] = useState<PeriodList>();
  const around = search.get('period') ?? search.get('around') ?? undefined;
  useEffect(() => {
    if (!serviceId) return;
    setList(undefined);
    get<PeriodList>(`/payroll/periods${query({ serviceId, around: search.get('around') ?? around })}`).then(setList, (e) => onError(describeError(e)));
  }, [serviceId, search.get('around'), reload]);
  return list;
}

interface PeriodsProps {
  list: PeriodList;
  chosen: PeriodItem | undefined;
  serviceId: string;
  /** `?around=`, kept in each period's address. */
  around: string | undefined;
  go: (params: Record<string, string | undefined>) => void;
}

/** The periods shown, each a link that picks it, and paging to earlier and later ones. */
function Periods({ list, chosen, serviceId, around, go }: PeriodsProps) {
  return (
    <>
      <p>
        Pay periods are {list.settings.frequency}; the first paid through rota started {formatDate(list.settings.firstPeriodStart!)}.{' '}
        {list.nextToLock ? `The next period to lock starts ${formatDate(list.nextToLock)}.` : ''}
      </p>
      <div class="table-wrap table-wrap--wrap" role="region" aria-labelledby="periods-caption" tabIndex={0}>
        <table>
          <caption id="periods-caption">Pay periods</caption>
          <thead>
            <tr>
              <th scope="col">Period</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {list.periods.map((p) => {
              const state = periodState(p);
              const current = chosen?.periodId === p.periodId;
              return (
                <tr key={p.periodId} class={current ? 'row--current' : undefined}>
                  <td>
                    <a
                      href={`${PAGES.payroll}${query({ service: serviceId, period: p.periodId, around })}`}
                      aria-current={current ? 'true' : undefined}
                      onClick={(e) => {
                        e.preventDefault();
                        go({ period: p.periodId });
                      }}
                    >
                      {periodName(p)}
                    </a>
                  </td>
                  <td>
                    <span class={`badge badge--${state.tone}`}>{state.label}</span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p class="no-print">
        <button type="button" class="button button--quiet" onClick={() => go({ around: list.periods[0].startDate, period: undefined })}>
          Earlier periods
        </button>{' '}
        <button type="button" class="button button--quiet" onClick={() => go({ around: list.periods[list.periods.length - 1].startDate, period: undefined })}>
          Later periods
        </button>
      </p>
    </>
  );
}

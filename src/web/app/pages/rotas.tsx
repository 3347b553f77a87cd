// Rotas: pick a service and a week, see the rotas already made for it, and generate a new one (the
// solve runs on the server; its page shows the progress live).
import { useEffect, useState } from 'preact/hooks';
import { PAGES, rotaPath } from '../../pages.ts';
import { describeError, get, post, query } from '../api.ts';
import { Alert, Loading, formatDate, formatInstant } from '../components/ui.tsx';
import { Link, navigate, useLocation, usePageTitle } from '../router.tsx';
import '../manager.css';
import { mondayOf, scoreText, type RotaStatus, type Score, type Service } from '../rota-model.ts';

interface RotaSummary {
  id: string;
  weekStart: string;
  status: RotaStatus;
  published: boolean;
  score: Score | null;
  feasible: boolean | null;
  createdAt: string;
}

const STATUS_TEXT: Record<RotaStatus, string> = { queued: 'Waiting to be solved', running: 'Being solved', done: 'Ready', failed: 'Failed' };

/** The Monday of next week in the reader's own calendar. */
function nextMonday(): string {
  const now = new Date();
  const today = new Date(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate())).toISOString().slice(0, 10);
  const monday = mondayOf(today);
  return new Date(Date.parse(`${monday}T00:00:00Z`) + 7 * 86_400_000).toISOString().slice(0, 10);
}

export function RotasPage() {
  usePageTitle('Rotas');
  const { search } = useLocation();
  const [services, setServices] = useState<Service[]>();
  const [error, setError] = useState<string>();
  const serviceId = search.get('service') ?? services?.[0]?.id;
  const week = mondayOf(search.get('week') ?? nextMonday());

  useEffect(() => {
    get<Service[]>('/services').then(setServices, (e) => setError(describeError(e)));
  }, []);
  const rotas = useWeekRotas(serviceId, week, setError);

  return (
    <>
      <h1 tabIndex={-1}>Rotas</h1>
      <p>Choose a service and a week. Generate a rota, then adjust it and publish it when it is right.</p>
      {error && <Alert kind="error">{error}</Alert>}
      {!services && !error && <Loading what="services" />}
      {services && <WeekForm services={services} serviceId={serviceId} week={week} onError={setError} />}
      {serviceId && !rotas && !error && <Loading what="rotas" />}
      {rotas && rotas.length === 0 && <p>No rota has been made for this week yet.</p>}
      {rotas && rotas.length > 0 && <RotaTable rotas={rotas} week={week} />}
    </>
  );
}

/** The rotas made for the service's week, newest first (undefined while they are read). */
function useWeekRotas(serviceId: string | undefined, week: string, onError: (message: string) => void): RotaSummary[] | undefined {
  const [rotas, setRotas] = useState<RotaSummary[]>();
  useEffect(() => {
    if (!serviceId) return;
    setRotas(undefined);
    get<RotaSummary[]>(`/rotas${query({ serviceId, weekStart: week })}`).then(
      (list) => setRotas([...list].sort((a, b) => b.createdAt.localeCompare(a.createdAt))),
      (e) => onError(describeError(e)),
    );
  }, [serviceId, week]);
  return rotas;
}

/** The service and week (kept in the address), and Generate: the new rota's page shows the solve. */
function WeekForm({ services, serviceId, week, onError }: { services: Service[]; serviceId?: string; week: string; onError: (message?: string) => void }) {
  const [busy, setBusy] = useState(false);
  const service = services.find((s) => s.id === serviceId);
  const go = (params: { service?: string; week?: string }) =>
    navigate(`${PAGES.rotas}${query({ service: params.service ?? serviceId, week: params.week ?? week })}`, { replace: true });

  const generate = async () => {
    setBusy(true);
    onError(undefined);
    try {
      const made = await post<{ id: string }>('/rotas', { serviceId, weekStart: week });
      navigate(rotaPath(made.id));
    } catch (e) {
      onError(describeError(e));
      setBusy(false);
    }
  };

  return (
    <form
      class="card"
      onSubmit={(e) => {
        e.preventDefault();
        void generate();
      }}
    >
      <div class="field-row">
        <div>
          <label for="service">Service</label>
          <select id="service" value={serviceId} onChange={(e) => go({ service: e.currentTarget.value })}>
            {services.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="week">Week (any day of it)</label>
          <input id="week" type="date" value={week} aria-describedby="week-note" onChange={(e) => e.currentTarget.value && go({ week: e.currentTarget.value })} />
          <p id="week-note" class="muted field-note">
            The week of {formatDate(week)} (Monday to Sunday{service ? `, ${service.timeZone}` : ''})
          </p>
        </div>
      </div>
      <button type="submit" class="button" disabled={busy || !serviceId}>
        {busy ? 'Starting…' : 'Generate a rota for this week'}
      </button>
    </form>
  );
}

function RotaTable({ rotas, week }: { rotas: RotaSummary[]; week: string }) {
  return (
    <div class="table-wrap" role="region" aria-labelledby="rotas-caption" tabIndex={0}>
      <table>
        <caption id="rotas-caption">Rotas for the week of {formatDate(week)}</caption>
        <thead>
          <tr>
            <th scope="col">Made</th>
            <th scope="col">State</th>
            <th scope="col">Result</th>
          </tr>
        </thead>
        <tbody>
          {rotas.map((r) => (
            <tr key={r.id}>
              <td>
                <Link href={rotaPath(r.id)}>{formatInstant(r.createdAt)}</Link>
              </td>
              <td>
                {STATUS_TEXT[r.status]}
                {r.published && (
                  <>
                    {' '}
                    <span class="badge badge--ok">Published</span>
                  </>
                )}
              </td>
              <td>{r.score ? `${r.feasible ? 'Covered' : 'Not covered yet'}: ${scoreText(r.score)}` : '-'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

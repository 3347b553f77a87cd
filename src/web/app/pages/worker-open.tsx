// The open sessions board: places of published rotas still open that I may take (the server checks
// every hard rule, as for an offer), each asked for in one tap; below, my requests and their answers.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, describeError, get, post } from '../api.ts';
import { OPEN_REQUEST_WORDS, type OpenPlace, type OpenRequest } from '../components/self-service.ts';
import { Alert, Loading } from '../components/ui.tsx';
import { hoursText, sentence } from '../components/worker-words.ts';
import { usePageTitle } from '../router.tsx';

type Result = { kind: 'success' | 'info' | 'error'; text: string };

function OpenCard({ place, request, onRequested }: { place: OpenPlace; request?: OpenRequest; onRequested: (r: OpenRequest) => void }) {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result>();
  const heading = `open-${place.rotaId}-${place.slotId}-${place.roleId}`;
  async function ask() {
    setBusy(true);
    setResult(undefined);
    try {
      const r = await post<OpenRequest>('/me/open-requests', { rotaId: place.rotaId, slotId: place.slotId, roleId: place.roleId });
      onRequested(r);
      setResult(
        r.status === 'approved'
          ? { kind: 'success', text: 'It is yours: approved at once. It is in My sessions.' }
          : { kind: 'success', text: 'Asked for. A manager answers; you are told either way.' },
      );
    } catch (e) {
      setResult({ kind: 'error', text: e instanceof ApiError && e.status === 409 ? `Not asked: ${sentence(e.message)}` : describeError(e) });
    } finally {
      setBusy(false);
    }
  }
  async function withdraw(id: string) {
    setBusy(true);
    setResult(undefined);
    try {
      onRequested(await post<OpenRequest>(`/me/open-requests/${id}/withdraw`));
      setResult({ kind: 'info', text: 'Request withdrawn.' });
    } catch (e) {
      setResult({ kind: 'error', text: describeError(e) });
    } finally {
      setBusy(false);
    }
  }
  const waiting = request?.status === 'requested';
  const mine = request?.status === 'approved';
  return (
    <article class="card" aria-labelledby={heading}>
      <h3 id={heading}>{place.label}</h3>
      <dl class="facts">
        <dt>Paid</dt>
        <dd>{hoursText(place.workMinutes / 60)}</dd>
        <dt>Places open</dt>
        <dd>{place.open}</dd>
        {request && (
          <>
            <dt>Your request</dt>
            <dd>{OPEN_REQUEST_WORDS[request.status]}</dd>
          </>
        )}
      </dl>
      {result && <Alert kind={result.kind}>{result.text}</Alert>}
      {!request || (!waiting && !mine) ? (
        <button type="button" class="button" disabled={busy} onClick={ask}>
          Ask for this session
        </button>
      ) : waiting ? (
        <button type="button" class="button button--quiet" disabled={busy} onClick={() => withdraw(request.id)}>
          Withdraw my request
        </button>
      ) : null}
    </article>
  );
}

export function WorkerOpenPage() {
  usePageTitle('Open sessions');
  const [places, setPlaces] = useState<OpenPlace[]>();
  const [requests, setRequests] = useState<OpenRequest[]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    get<OpenPlace[]>('/me/open-sessions').then(setPlaces, (e) => setError(describeError(e)));
    get<OpenRequest[]>('/me/open-requests').then(setRequests, (e) => setError(describeError(e)));
  }, []);
  const upsert = (r: OpenRequest) => setRequests((all) => [r, ...(all ?? []).filter((x) => x.id !== r.id)]);
  const requestFor = (p: OpenPlace) => requests?.find((r) => r.rotaId === p.rotaId && r.slotId === p.slotId && r.roleId === p.roleId);
  const answered = requests?.filter((r) => r.status !== 'requested') ?? [];
  return (
    <>
      <h1 tabIndex={-1}>Open sessions</h1>
      <p>Sessions on published rotas that still need someone, and that you may take without breaking a rule. Ask for one; a manager answers.</p>
      {error && <Alert kind="error">{error}</Alert>}
      {(!places || !requests) && !error && <Loading what="open sessions" />}
      {places && requests && (
        <>
          <section aria-labelledby="board-heading">
            <h2 id="board-heading">Open now</h2>
            {places.length === 0 ? (
              <p>No open session fits you at the moment.</p>
            ) : (
              places.map((p) => <OpenCard key={`${p.rotaId} ${p.slotId} ${p.roleId}`} place={p} request={requestFor(p)} onRequested={upsert} />)
            )}
          </section>
          {answered.length > 0 && (
            <section aria-labelledby="answered-heading">
              <h2 id="answered-heading">Your earlier requests</h2>
              <ul class="card-list">
                {answered.slice(0, 30).map((r) => (
                  <li key={r.id} class="card card--compact">
                    <strong>{r.label}</strong>
                    <div>
                      {OPEN_REQUEST_WORDS[r.status]}.{r.decisionReason ? ` ${sentence(r.decisionReason)}` : ''}
                    </div>
                  </li>
                ))}
              </ul>
            </section>
          )}
        </>
      )}
    </>
  );
}

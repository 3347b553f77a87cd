// A solve in progress, live from the server (server-sent events, GET /rotas/:id/events): the best
// score so far, how much of the time budget is used and the time left, and a Stop button that ends
// the solve early and keeps the best rota found so far.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, describeError, get, post } from '../api.ts';
import { scoreText, type LiveSolve, type Rota } from '../rota-model.ts';
import { Alert } from './ui.tsx';

function secondsText(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`;
}

/** The solve as the server streams it (undefined until the first event), and whether the stream dropped. */
function useLiveSolve(rotaId: string, onDone: (state: LiveSolve) => void) {
  const [state, setState] = useState<LiveSolve>();
  const [lost, setLost] = useState(false);
  const done = useRef(onDone);
  done.current = onDone;

  useEffect(() => {
    const source = new EventSource(`/rotas/${encodeURIComponent(rotaId)}/events`);
    const read = (event: MessageEvent<string>) => JSON.parse(event.data) as LiveSolve;
    let finished = false;
    let closer: ReturnType<typeof setTimeout> | undefined;
    source.addEventListener('progress', (event) => {
      setLost(false);
      setState(read(event as MessageEvent<string>));
    });
    source.addEventListener('done', (event) => {
      finished = true;
      // The server ends the stream after this event; closing once it has (below) stops the browser
      // connecting again without cutting the answer short. Closed anyway if the end is slow to come.
      closer = setTimeout(() => source.close(), 5000);
      const final = read(event as MessageEvent<string>);
      setState(final);
      done.current(final);
    });
    source.onerror = () => {
      if (finished) {
        source.close();
        return;
      }
      // The browser reconnects by itself; say so while it does.
      setLost(source.readyState !== EventSource.OPEN);
    };
    return () => {
      clearTimeout(closer);
      source.close();
    };
  }, [rotaId]);
  return { state, setState, lost };
}

/** The rota's status once its solve has ended ('done' or 'failed'); undefined while it runs or unread. */
async function endedStatus(rotaId: string): Promise<Rota['status'] | undefined> {
  try {
    const { status } = await get<Rota>(`/rotas/${encodeURIComponent(rotaId)}`);
    return status === 'done' || status === 'failed' ? status : undefined;
  } catch {
    return undefined;
  }
}

/** The status line: connecting, stopping, waiting, searching, finished or failed. */
function statusText(state: LiveSolve | undefined, stopAsked: boolean): string {
  if (!state) return 'Connecting to the server…';
  if (stopAsked) return 'Stopping: keeping the best rota found so far…';
  if (state.status === 'queued') return 'Waiting for its turn: another rota of this service is being solved.';
  if (state.status === 'running') return 'Searching for a better rota.';
  if (state.status === 'done') return 'Finished.';
  return 'The solve failed.';
}

export function SolveProgress({ rotaId, onDone }: { rotaId: string; onDone: (state: LiveSolve) => void }) {
  const { state, setState, lost } = useLiveSolve(rotaId, onDone);
  const [error, setError] = useState<string>();
  const [stopping, setStopping] = useState(false);

  const stop = async () => {
    setStopping(true);
    setError(undefined);
    try {
      setState(await post<LiveSolve>(`/rotas/${encodeURIComponent(rotaId)}/stop`, {}));
    } catch (e) {
      const ended = e instanceof ApiError && e.status === 409 ? await endedStatus(rotaId) : undefined;
      setStopping(false);
      // Stop reached the server just after the solve ended by itself: nothing went wrong, and the live
      // stream's end brings the rota. A solve still running that this server cannot stop is an error.
      if (ended) setState((s) => (s ? { ...s, status: ended } : s));
      else setError(describeError(e));
    }
  };

  const stopAsked = stopping || (state?.stop ?? null) !== null;
  const what = state?.kind === 'replan' ? 'Re-planning' : 'Generating';
  return (
    <section class="card solve-progress" aria-labelledby="solve-heading">
      <h2 id="solve-heading">{what} the rota</h2>
      {/* The status line is announced when it changes; the numbers below are not, every second. */}
      <p role="status">{statusText(state, stopAsked)}</p>
      {lost && <Alert kind="info">The connection to the server dropped; trying again…</Alert>}
      {state?.status === 'running' && <RunningFacts state={state} stopAsked={stopAsked} />}
      {error && <Alert kind="error">{error}</Alert>}
      {(state?.status === 'running' || state?.status === 'queued') && (
        <button type="button" class="button button--danger" onClick={stop} disabled={stopAsked}>
          {stopAsked ? 'Stopping…' : 'Stop and keep the best so far'}
        </button>
      )}
    </section>
  );
}

/** How far a running solve is: the time budget used, the best score, the time left, the moves tried. */
function RunningFacts({ state, stopAsked }: { state: LiveSolve; stopAsked: boolean }) {
  return (
    <>
      <progress class="solve-progress__bar" max={1} value={state.fraction ?? 0} aria-label="Time budget used" />
      <dl class="facts">
        <dt>Best so far</dt>
        <dd>{state.best ? scoreText(state.best) : 'building a first rota…'}</dd>
        {state.timeLeftMs !== null && (
          <>
            <dt>Time left</dt>
            <dd>{stopAsked ? 'none: stopping' : `about ${secondsText(state.timeLeftMs)} of ${secondsText(state.timeLimitMs ?? 0)}`}</dd>
          </>
        )}
        {state.moves !== null && (
          <>
            <dt>Moves tried</dt>
            <dd>{state.moves.toLocaleString('en-GB')}</dd>
          </>
        )}
      </dl>
    </>
  );
}

// Swaps and give-aways: those a colleague asked of me (take it or say no, each one tap, with the
// server's reason when refused), those I offered (withdraw while not yet approved), and the closed ones.
import { useEffect, useState } from 'preact/hooks';
import { PAGES } from '../../pages.ts';
import { ApiError, describeError, get, post } from '../api.ts';
import { swapStateWords, type Swap } from '../components/self-service.ts';
import { Alert, Loading } from '../components/ui.tsx';
import { sentence } from '../components/worker-words.ts';
import { Link, useLocation, usePageTitle } from '../router.tsx';
import { useSession } from '../session.ts';

type Result = { kind: 'success' | 'info' | 'error'; text: string; details?: string[] };

/** Accepting, declining or withdrawing a swap: the answer in words, or the server's reason for refusing. */
function useSwapAction(swap: Swap, onChange: (s: Swap) => void) {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result>();
  const act = async (action: 'accept' | 'decline' | 'withdraw', done: (s: Swap) => string) => {
    setBusy(true);
    setResult(undefined);
    try {
      const next = await post<Swap>(`/me/swaps/${swap.id}/${action}`);
      onChange(next);
      setResult({ kind: action === 'accept' ? 'success' : 'info', text: done(next) });
    } catch (e) {
      const body = (e instanceof ApiError ? e.body : undefined) as { breaches?: string[] } | undefined;
      setResult({ kind: 'error', text: e instanceof ApiError && e.status === 409 ? `Not done: ${sentence(e.message)}` : describeError(e), details: body?.breaches });
    } finally {
      setBusy(false);
    }
  };
  return { busy, result, act };
}

function swapTitle(swap: Swap, mine: boolean): string {
  if (mine) return swap.kind === 'swap' ? `You offered a swap to ${swap.to?.name ?? 'a colleague'}` : `You are giving away a shift${swap.to ? ` to ${swap.to.name}` : ''}`;
  return swap.kind === 'swap' ? `${swap.from.name} asks to swap shifts with you` : `${swap.from.name} offers you a shift`;
}

function SwapCard({ swap, mine, onChange }: { swap: Swap; mine: boolean; onChange: (s: Swap) => void }) {
  const { busy, result, act } = useSwapAction(swap, onChange);
  const heading = `swap-${swap.id}`;
  const asked = !mine && swap.status === 'offered';
  const canWithdraw = mine && (swap.status === 'offered' || swap.status === 'accepted');
  return (
    <article class="card" aria-labelledby={heading}>
      <h3 id={heading}>{swapTitle(swap, mine)}</h3>
      <SwapFacts swap={swap} mine={mine} />
      {result && (
        <Alert kind={result.kind}>
          <p>{result.text}</p>
          {result.details && result.details.length > 0 && (
            <ul>
              {result.details.map((d) => (
                <li key={d}>{sentence(d)}</li>
              ))}
            </ul>
          )}
        </Alert>
      )}
      {asked && (
        <div class="offer-actions">
          <button
            type="button"
            class="button"
            disabled={busy}
            onClick={() => act('accept', (s) => (s.status === 'approved' ? 'Accepted and approved: the shift is yours.' : 'Accepted. A manager approves it next; you are told when they have.'))}
          >
            {swap.kind === 'swap' ? 'Accept the swap' : 'Take this shift'}
          </button>
          <button type="button" class="button button--quiet" disabled={busy} onClick={() => act('decline', () => 'You said no. They are told.')}>
            Say no
          </button>
        </div>
      )}
      {canWithdraw && (
        <button type="button" class="button button--quiet" disabled={busy} onClick={() => act('withdraw', () => 'Withdrawn. Anyone asked is told.')}>
          Withdraw
        </button>
      )}
    </article>
  );
}

/** The shifts that change hands, the note, and where the swap stands, from this worker's side. */
function SwapFacts({ swap, mine }: { swap: Swap; mine: boolean }) {
  return (
    <dl class="facts">
      <dt>{mine ? 'Your shift' : swap.kind === 'swap' ? 'You take' : 'The shift'}</dt>
      <dd>{swap.place.label}</dd>
      {swap.inReturn && (
        <>
          <dt>{mine ? 'You take' : 'You give'}</dt>
          <dd>{swap.inReturn.label}</dd>
        </>
      )}
      {swap.note && (
        <>
          <dt>Note</dt>
          <dd>{swap.note}</dd>
        </>
      )}
      <dt>Where it stands</dt>
      <dd>
        {swapStateWords(swap, mine)}.{swap.decisionReason ? ` ${sentence(swap.decisionReason)}` : ''}
      </dd>
    </dl>
  );
}

export function WorkerSwapsPage() {
  usePageTitle('Swaps');
  const { session } = useSession();
  const { search } = useLocation();
  const [swaps, setSwaps] = useState<Swap[]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    get<Swap[]>('/me/swaps').then(setSwaps, (e) => setError(describeError(e)));
  }, []);
  const me = session.signedIn ? session.staffId : undefined;
  const replace = (s: Swap) => setSwaps((all) => all?.map((x) => (x.id === s.id ? s : x)));
  const isMine = (s: Swap) => s.from.staffId === me;
  const live = (s: Swap) => s.status === 'offered' || s.status === 'accepted';
  const askedOfMe = swaps?.filter((s) => !isMine(s) && live(s)) ?? [];
  const offeredByMe = swaps?.filter((s) => isMine(s) && live(s)) ?? [];
  const closed = swaps?.filter((s) => !live(s)) ?? [];
  const sent = search.get('sent');
  return (
    <>
      <h1 tabIndex={-1}>Swaps</h1>
      <p>
        Give one of your shifts to a colleague, or swap it for one of theirs: start from the shift in{' '}
        <Link href={PAGES.worker}>My sessions</Link>. Every rule is checked for both of you before anything is sent, again when they
        accept, and again when a manager approves.
      </p>
      {sent && <Alert kind="success">{sent === 'approved' ? 'Done: the swap is approved.' : 'Sent. You are told when they answer.'}</Alert>}
      {error && <Alert kind="error">{error}</Alert>}
      {!swaps && !error && <Loading what="your swaps" />}
      {swaps && (
        <>
          <section aria-labelledby="asked-heading">
            <h2 id="asked-heading">Asked of you</h2>
            {askedOfMe.length === 0 ? <p>Nobody is asking you to take a shift.</p> : askedOfMe.map((s) => <SwapCard key={s.id} swap={s} mine={false} onChange={replace} />)}
          </section>
          <section aria-labelledby="offered-heading">
            <h2 id="offered-heading">Offered by you</h2>
            {offeredByMe.length === 0 ? <p>You have no swap or give-away waiting.</p> : offeredByMe.map((s) => <SwapCard key={s.id} swap={s} mine={true} onChange={replace} />)}
          </section>
          {closed.length > 0 && (
            <section aria-labelledby="closed-swaps">
              <h2 id="closed-swaps">Closed</h2>
              {closed.slice(0, 30).map((s) => (
                <SwapCard key={s.id} swap={s} mine={isMine(s)} onChange={replace} />
              ))}
            </section>
          )}
        </>
      )}
    </>
  );
}

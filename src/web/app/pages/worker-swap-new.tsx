// Offer one of my published shifts: to a named colleague, to anyone who may take it, or as a swap for
// one of a colleague's shifts. Each choice is checked by the server as it is made (every hard rule for
// both workers, in words) before anything is sent; Send is only offered for a choice that was checked.
import { useEffect, useState } from 'preact/hooks';
import { PAGES } from '../../pages.ts';
import { ApiError, describeError, get, post } from '../api.ts';
import type { Colleague, Swap, SwapPreview } from '../components/self-service.ts';
import { Alert, Loading } from '../components/ui.tsx';
import { sentence } from '../components/worker-words.ts';
import { Link, navigate, useLocation, usePageTitle } from '../router.tsx';

type Mode = 'named' | 'anyone' | 'swap';

interface Input {
  assignmentId: number;
  toStaffId?: string;
  forAssignmentId?: number;
  note?: string;
}

interface MyPlace {
  id: number | null;
  slotLabel?: string;
  published: boolean;
  ended: boolean;
}

function inputOf(assignmentId: number, mode: Mode, colleague: string, theirs: string, note: string): Input | undefined {
  const base = { assignmentId, ...(note.trim() ? { note: note.trim() } : {}) };
  if (mode === 'anyone') return base;
  if (!colleague) return undefined;
  if (mode === 'named') return { ...base, toStaffId: colleague };
  if (!theirs) return undefined;
  return { ...base, toStaffId: colleague, forAssignmentId: Number(theirs) };
}

function PreviewWords({ preview, colleague }: { preview: SwapPreview; colleague?: string }) {
  if (!preview.ok) {
    return (
      <Alert kind="error">
        <p>This would break a rule, so it cannot be sent:</p>
        <ul>
          {preview.breaches.map((b) => (
            <li key={b}>{sentence(b)}</li>
          ))}
        </ul>
      </Alert>
    );
  }
  const who = colleague ? `you or ${colleague}` : 'you';
  const next = preview.wouldAutoApprove ? 'Once accepted, it is approved at once.' : 'Once accepted, a manager approves it.';
  const many =
    preview.eligibleCount !== null ? ` ${preview.eligibleCount} ${preview.eligibleCount === 1 ? 'colleague' : 'colleagues'} may take it.` : '';
  return (
    <Alert kind="success">
      <p>
        No rule is broken for {who}.{many} {next}
      </p>
    </Alert>
  );
}

export function WorkerSwapNewPage() {
  usePageTitle('Swap or give away a shift');
  const { search } = useLocation();
  const assignmentId = Number(search.get('place'));
  const { place, colleagues, error } = useSwapPlace(assignmentId);
  return (
    <>
      <h1 tabIndex={-1}>Swap or give away a shift</h1>
      {error && <Alert kind="error">{error}</Alert>}
      {!error && (place === undefined || !colleagues) && <Loading what="the shift" />}
      {place === null && (
        <Alert kind="error">
          <p>
            This shift cannot be offered: only your own shifts on a published rota, still to come, can. <Link href={PAGES.worker}>Back to My sessions</Link>
          </p>
        </Alert>
      )}
      {place && colleagues && <SwapForm assignmentId={assignmentId} place={place} colleagues={colleagues} />}
    </>
  );
}

/** The shift to offer (null: not mine, not published or over) and the colleagues who could be asked. */
function useSwapPlace(assignmentId: number) {
  const [place, setPlace] = useState<MyPlace | null>();
  const [colleagues, setColleagues] = useState<Colleague[]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    if (!Number.isInteger(assignmentId) || assignmentId < 1) {
      setError('No shift was chosen. Start from a shift in My sessions.');
      return;
    }
    get<MyPlace[]>('/me/assignments').then(
      (all) => setPlace(all.find((p) => p.id === assignmentId && p.published && !p.ended) ?? null),
      (e) => setError(describeError(e)),
    );
    get<Colleague[]>(`/me/colleagues?assignmentId=${assignmentId}`).then(setColleagues, (e) => setError(describeError(e)));
  }, [assignmentId]);
  return { place, colleagues, error };
}

/**
 * The server's check of a complete choice, made as soon as it is complete (the note does not change
 * the rules) and again for another shift; only the current choice's answer counts.
 */
function useSwapPreview(input: Input | undefined, place: MyPlace, onError: (e: unknown) => void) {
  const [preview, setPreview] = useState<{ key: string; result: SwapPreview }>();
  const [checking, setChecking] = useState(false);
  const key = input ? JSON.stringify(input) : '';
  useEffect(() => {
    if (!input) return;
    let current = true;
    setChecking(true);
    post<SwapPreview>('/me/swaps/preview', input).then(
      (result) => current && setPreview({ key, result }),
      (e) => current && onError(e),
    ).finally(() => current && setChecking(false));
    return () => {
      current = false;
    };
  }, [key, place]);
  return { checked: preview && preview.key === key ? preview.result : undefined, checking };
}

interface SendError {
  text: string;
  details?: string[];
}

/** Sends the offer; on success the Swaps page says it was sent (or approved at once). */
function useSendSwap() {
  const [sending, setSending] = useState(false);
  const [sendError, setSendError] = useState<SendError>();
  async function send(body: Input | undefined) {
    if (!body) return;
    setSending(true);
    setSendError(undefined);
    try {
      const swap = await post<Swap>('/me/swaps', body);
      navigate(`${PAGES.workerSwaps}?sent=${swap.status === 'approved' ? 'approved' : 'sent'}`);
    } catch (e) {
      const details = e instanceof ApiError ? ((e.body as { breaches?: string[] } | undefined)?.breaches ?? undefined) : undefined;
      setSendError({ text: e instanceof ApiError && e.status === 409 ? `Not sent: ${sentence(e.message)}` : describeError(e), details });
    } finally {
      setSending(false);
    }
  }
  return { sending, sendError, setSendError, send };
}

function SwapForm({ assignmentId, place, colleagues }: { assignmentId: number; place: MyPlace; colleagues: Colleague[] }) {
  const [mode, setMode] = useState<Mode>('named');
  const [colleague, setColleague] = useState('');
  const [theirs, setTheirs] = useState('');
  const [note, setNote] = useState('');
  const { sending, sendError, setSendError, send } = useSendSwap();
  const { checked, checking } = useSwapPreview(inputOf(assignmentId, mode, colleague, theirs, ''), place, (e) => setSendError({ text: describeError(e) }));
  const chosen = colleagues.find((c) => c.staffId === colleague);

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void send(inputOf(assignmentId, mode, colleague, theirs, note));
      }}
    >
      <p>
        Your shift: <strong>{place.slotLabel}</strong>
      </p>
      <ModePicker value={mode} onChange={setMode} />
      {mode !== 'anyone' && (
        <ColleaguePicker
          colleagues={colleagues}
          value={colleague}
          onChange={(id) => {
            setColleague(id);
            setTheirs('');
          }}
        />
      )}
      {mode === 'swap' && chosen && <TheirShiftPicker colleague={chosen} value={theirs} onChange={setTheirs} />}
      <label for="note">A note for them (optional)</label>
      <textarea id="note" rows={2} maxLength={500} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      <div aria-live="polite">
        {checking && <p class="muted">Checking the rules…</p>}
        {checked && !checking && <PreviewWords preview={checked} colleague={mode === 'anyone' ? undefined : chosen?.name} />}
      </div>
      {sendError && <SendErrorAlert error={sendError} />}
      <button type="submit" class="button" disabled={!checked?.ok || sending || checking}>
        {sending ? 'Sending…' : 'Send'}
      </button>
      <Link href={PAGES.worker} class="button button--quiet">
        Cancel
      </Link>
    </form>
  );
}

const MODES = [
  ['named', 'A colleague I choose'],
  ['anyone', 'Anyone who can take it'],
  ['swap', 'A colleague, and I take one of their shifts'],
] as const;

function ModePicker({ value, onChange }: { value: Mode; onChange: (mode: Mode) => void }) {
  return (
    <fieldset>
      <legend>Who should take it?</legend>
      {MODES.map(([mode, label]) => (
        <label class="checkbox" key={mode}>
          <input type="radio" name="mode" value={mode} checked={value === mode} onChange={() => onChange(mode)} /> {label}
        </label>
      ))}
    </fieldset>
  );
}

function ColleaguePicker({ colleagues, value, onChange }: { colleagues: Colleague[]; value: string; onChange: (staffId: string) => void }) {
  return (
    <>
      <label for="colleague">Colleague</label>
      <select id="colleague" value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        <option value="">Choose a colleague</option>
        {colleagues.map((c) => (
          <option key={c.staffId} value={c.staffId}>
            {c.name}
          </option>
        ))}
      </select>
    </>
  );
}

/** One of the chosen colleague's shifts, taken in return. */
function TheirShiftPicker({ colleague, value, onChange }: { colleague: Colleague; value: string; onChange: (assignmentId: string) => void }) {
  return (
    <>
      <label for="theirs">Their shift you take in return</label>
      {colleague.places.length === 0 ? (
        <p id="theirs">{colleague.name} has no published shift to come that you could take.</p>
      ) : (
        <select id="theirs" value={value} onChange={(e) => onChange(e.currentTarget.value)}>
          <option value="">Choose one of their shifts</option>
          {colleague.places.map((p) => (
            <option key={p.assignmentId} value={String(p.assignmentId)}>
              {p.label}
            </option>
          ))}
        </select>
      )}
    </>
  );
}

function SendErrorAlert({ error }: { error: SendError }) {
  return (
    <Alert kind="error">
      <p>{error.text}</p>
      {error.details && (
        <ul>
          {error.details.map((d) => (
            <li key={d}>{sentence(d)}</li>
          ))}
        </ul>
      )}
    </Alert>
  );
}

// Leave and availability from the phone: ask for leave (annual, training, other), a one-off time I
// cannot work, or new weekly availability; a manager approves or declines with a reason. Below, my
// requests and their answers (a waiting one can be withdrawn). Bad input is named by the server.
import { useEffect, useState } from 'preact/hooks';
import { describeError, get, post, type FieldError, ApiError } from '../api.ts';
import { STAFF_REQUEST_WORDS, staffRequestWhat, type StaffRequest } from '../components/self-service.ts';
import { Alert, Loading, formatDate } from '../components/ui.tsx';
import { sentence } from '../components/worker-words.ts';
import { usePageTitle } from '../router.tsx';

type Kind = 'leave' | 'unavailable' | 'availability';
const DAYS = [
  ['MO', 'Monday'],
  ['TU', 'Tuesday'],
  ['WE', 'Wednesday'],
  ['TH', 'Thursday'],
  ['FR', 'Friday'],
  ['SA', 'Saturday'],
  ['SU', 'Sunday'],
] as const;

type LeaveKind = 'annual' | 'training' | 'other';

interface Fields {
  kind: Kind;
  leaveKind: LeaveKind;
  from: string;
  to: string;
  startTime: string;
  endTime: string;
  days: string[];
  note: string;
}

/** The request as POST /me/requests takes it: only the fields of its kind. */
function requestBody({ kind, leaveKind, from, to, startTime, endTime, days, note }: Fields): Record<string, unknown> {
  const extra = note.trim() ? { note: note.trim() } : {};
  if (kind === 'leave') return { kind, leaveKind, from, to: to || from, ...extra };
  if (kind === 'unavailable') return { kind, from, to: from, startTime, endTime, ...extra };
  return { kind, availability: { windows: days.length ? [{ rrule: `FREQ=WEEKLY;BYDAY=${days.join(',')}`, startTime, endTime }] : [] }, ...extra };
}

/** Sends a request; onSent runs once it is made (the form then clears its note). */
function useSendRequest(onMade: (r: StaffRequest) => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ text: string; fields: FieldError[] }>();
  const [done, setDone] = useState<string>();
  async function submit(body: Record<string, unknown>, onSent: () => void) {
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    try {
      const made = await post<StaffRequest>('/me/requests', body);
      onMade(made);
      setDone('Sent. A manager answers; you are told either way.');
      onSent();
    } catch (e) {
      setError({ text: describeError(e), fields: e instanceof ApiError ? e.errors : [] });
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, done, submit };
}

function RequestForm({ onMade }: { onMade: (r: StaffRequest) => void }) {
  const [kind, setKind] = useState<Kind>('leave');
  const [leaveKind, setLeaveKind] = useState<LeaveKind>('annual');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [startTime, setStartTime] = useState('');
  const [endTime, setEndTime] = useState('');
  const [days, setDays] = useState<string[]>([]);
  const [note, setNote] = useState('');
  const { busy, error, done, submit } = useSendRequest(onMade);
  const times = { startTime, endTime, onStart: setStartTime, onEnd: setEndTime };

  return (
    <form
      class="card"
      aria-labelledby="ask-heading"
      onSubmit={(e) => {
        e.preventDefault();
        void submit(requestBody({ kind, leaveKind, from, to, startTime, endTime, days, note }), () => setNote(''));
      }}
    >
      <h2 id="ask-heading">Ask</h2>
      <KindPicker value={kind} onChange={setKind} />
      {kind === 'leave' && <LeaveFields leaveKind={leaveKind} onLeaveKind={setLeaveKind} from={from} onFrom={setFrom} to={to} onTo={setTo} />}
      {kind === 'unavailable' && (
        <>
          <label for="away-date">Day</label>
          <input id="away-date" type="date" required value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
          <TimeRange idPrefix="away" {...times} />
        </>
      )}
      {kind === 'availability' && (
        <>
          <DayPicker days={days} onChange={setDays} />
          <TimeRange idPrefix="avail" {...times} />
        </>
      )}
      <label for="request-note">A note for your manager (optional)</label>
      <textarea id="request-note" rows={2} maxLength={500} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      {error && (
        <Alert kind="error">
          <p>{error.text}</p>
        </Alert>
      )}
      {done && <Alert kind="success">{done}</Alert>}
      <button type="submit" class="button" disabled={busy}>
        {busy ? 'Sending…' : 'Send request'}
      </button>
    </form>
  );
}

const KINDS = [
  ['leave', 'Leave'],
  ['unavailable', 'A time I cannot work (one day)'],
  ['availability', 'New weekly availability'],
] as const;

function KindPicker({ value, onChange }: { value: Kind; onChange: (kind: Kind) => void }) {
  return (
    <fieldset>
      <legend>What do you need?</legend>
      {KINDS.map(([kind, label]) => (
        <label class="checkbox" key={kind}>
          <input type="radio" name="kind" value={kind} checked={value === kind} onChange={() => onChange(kind)} /> {label}
        </label>
      ))}
    </fieldset>
  );
}

interface LeaveProps {
  leaveKind: LeaveKind;
  onLeaveKind: (k: LeaveKind) => void;
  from: string;
  onFrom: (date: string) => void;
  to: string;
  onTo: (date: string) => void;
}

function LeaveFields({ leaveKind, onLeaveKind, from, onFrom, to, onTo }: LeaveProps) {
  return (
    <>
      <label for="leave-kind">Kind of leave</label>
      <select id="leave-kind" value={leaveKind} onChange={(e) => onLeaveKind(e.currentTarget.value as LeaveKind)}>
        <option value="annual">Annual leave</option>
        <option value="training">Training</option>
        <option value="other">Other</option>
      </select>
      <div class="field-row">
        <div>
          <label for="leave-from">First day</label>
          <input id="leave-from" type="date" required value={from} onInput={(e) => onFrom(e.currentTarget.value)} />
        </div>
        <div>
          <label for="leave-to">Last day</label>
          <input id="leave-to" type="date" value={to} min={from} onInput={(e) => onTo(e.currentTarget.value)} />
        </div>
      </div>
    </>
  );
}

/** From and Until, both required; the ids are `<idPrefix>-from` and `<idPrefix>-to`. */
function TimeRange({ idPrefix, startTime, endTime, onStart, onEnd }: { idPrefix: string; startTime: string; endTime: string; onStart: (t: string) => void; onEnd: (t: string) => void }) {
  return (
    <div class="field-row">
      <div>
        <label for={`${idPrefix}-from`}>From</label>
        <input id={`${idPrefix}-from`} type="time" required value={startTime} onInput={(e) => onStart(e.currentTarget.value)} />
      </div>
      <div>
        <label for={`${idPrefix}-to`}>Until</label>
        <input id={`${idPrefix}-to`} type="time" required value={endTime} onInput={(e) => onEnd(e.currentTarget.value)} />
      </div>
    </div>
  );
}

/** The weekdays, kept in week order however they are ticked. */
function DayPicker({ days, onChange }: { days: string[]; onChange: (update: (days: string[]) => string[]) => void }) {
  return (
    <fieldset>
      <legend>Days I can work each week</legend>
      {DAYS.map(([code, name]) => (
        <label class="checkbox" key={code}>
          <input
            type="checkbox"
            checked={days.includes(code)}
            onChange={(e) => onChange((d) => (e.currentTarget.checked ? DAYS.map(([c]) => c).filter((c) => c === code || d.includes(c)) : d.filter((c) => c !== code)))}
          />{' '}
          {name}
        </label>
      ))}
    </fieldset>
  );
}

export function WorkerRequestsPage() {
  usePageTitle('Leave and availability');
  const [requests, setRequests] = useState<StaffRequest[]>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState<string>();
  useEffect(() => {
    get<StaffRequest[]>('/me/requests').then(setRequests, (e) => setError(describeError(e)));
  }, []);
  const upsert = (r: StaffRequest) => setRequests((all) => [r, ...(all ?? []).filter((x) => x.id !== r.id)]);
  async function withdraw(id: string) {
    setBusy(id);
    try {
      upsert(await post<StaffRequest>(`/me/requests/${id}/withdraw`));
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(undefined);
    }
  }
  return (
    <>
      <h1 tabIndex={-1}>Leave and availability</h1>
      <p>Nothing changes until a manager approves. Approved leave is kept free in the next rotas.</p>
      <RequestForm onMade={upsert} />
      {error && <Alert kind="error">{error}</Alert>}
      {!requests && !error && <Loading what="your requests" />}
      {requests && (
        <section aria-labelledby="mine-heading">
          <h2 id="mine-heading">Your requests</h2>
          {requests.length === 0 ? (
            <p>You have not asked for anything yet.</p>
          ) : (
            <ul class="card-list">
              {requests.slice(0, 50).map((r) => (
                <li key={r.id} class="card card--compact">
                  <strong>{staffRequestWhat(r, formatDate)}</strong>
                  <div>
                    {STAFF_REQUEST_WORDS[r.status]}.{r.decisionReason ? ` ${sentence(r.decisionReason)}` : ''}
                  </div>
                  {r.status === 'pending' && (
                    <button type="button" class="button button--quiet button--small" disabled={busy === r.id} onClick={() => withdraw(r.id)}>
                      Withdraw<span class="visually-hidden"> {staffRequestWhat(r, formatDate)}</span>
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </>
  );
}

// Staff requests for a manager: swaps waiting for approval, requests for open sessions, and leave and
// availability requests, each approved (checked again by the server at that moment; a refusal shows in
// its words) or declined with a reason the staff member reads. Above them, for as long as it lasts,
// every published shift still held by someone on approved leave, with the cheapest cover and a link
// to the rota where it can be changed (read again each time the page loads: nothing goes stale).
import { useEffect, useState } from 'preact/hooks';
import { PAGES, rotaPath } from '../../pages.ts';
import { ApiError, describeError, get, post, query } from '../api.ts';
import { ServicePicker, type Service } from '../components/service-picker.tsx';
import { absenceWhat, coverWords, staffRequestWhat, type LeaveClashList, type OpenRequest, type StaffRequest, type Swap } from '../components/self-service.ts';
import { useLatest } from '../components/latest.ts';
import { Alert, Loading, formatDate } from '../components/ui.tsx';
import { sentence } from '../components/worker-words.ts';
import { Link, useLocation, usePageTitle } from '../router.tsx';


type Decision = 'approve' | 'decline';

/** Approve or decline one item: a reason is optional to approve, required to decline. */
function Decide({ id, what, approveUrl, declineUrl, onDone }: { id: string; what: string; approveUrl: string; declineUrl: string; onDone: (text: string, answer: unknown) => void }) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ text: string; details?: string[] }>();
  async function decide(d: Decision) {
    if (d === 'decline' && !reason.trim()) {
      setError({ text: 'Say why, so they know: a reason is needed to decline.' });
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const answer = await post<unknown>(d === 'approve' ? approveUrl : declineUrl, reason.trim() ? { reason: reason.trim() } : {});
      onDone(d === 'approve' ? `Approved: ${what}.` : `Declined: ${what}.`, answer);
    } catch (e) {
      const details = e instanceof ApiError ? (e.body as { breaches?: string[] } | undefined)?.breaches : undefined;
      setError({ text: e instanceof ApiError && e.status === 409 ? `Not done: ${sentence(e.message)}` : describeError(e), details });
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <label for={`reason-${id}`}>Reason (needed to decline)</label>
      <input id={`reason-${id}`} type="text" maxLength={500} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
      {error && (
        <Alert kind="error">
          <p>{error.text}</p>
          {error.details && error.details.length > 0 && (
            <ul>
              {error.details.map((d) => (
                <li key={d}>{sentence(d)}</li>
              ))}
            </ul>
          )}
        </Alert>
      )}
      <div class="offer-actions">
        <button type="button" class="button" disabled={busy} onClick={() => decide('approve')}>
          Approve<span class="visually-hidden"> {what}</span>
        </button>
        <button type="button" class="button button--quiet" disabled={busy} onClick={() => decide('decline')}>
          Decline<span class="visually-hidden"> {what}</span>
        </button>
      </div>
    </>
  );
}

type Done = { text: string; clashes?: NonNullable<StaffRequest['clashes']> };

export function ManagerRequestsPage() {
  usePageTitle('Staff requests');
  const { search } = useLocation();
  const [services, setServices] = useState<Service[]>();
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<Done>();
  const serviceId = search.get('service') ?? services?.[0]?.id;

  useEffect(() => {
    get<Service[]>('/services').then(setServices, (e) => setError(describeError(e)));
  }, []);
  const { swaps, open, requests, clashes, load } = useWaitingRequests(serviceId, setError);
  const finished = (text: string, answer: unknown) => {
    // Approved leave may clash with published shifts: each is listed with the cheapest cover found.
    const clashes = (answer as Partial<StaffRequest> | undefined)?.clashes;
    setDone({ text, clashes: clashes && clashes.length > 0 ? clashes : undefined });
    load();
  };
  const base = serviceId ? `/services/${encodeURIComponent(serviceId)}` : '';

  return (
    <>
      <h1 tabIndex={-1}>Staff requests</h1>
      <p>
        Swaps and open sessions can be approved automatically: <Link href={`${PAGES.managerSettings}${serviceId ? query({ service: serviceId }) : ''}`}>self-service settings</Link>.
      </p>
      {services && <ServicePicker services={services} value={serviceId} page={PAGES.managerRequests} id="requests-service" />}
      {error && <Alert kind="error">{error}</Alert>}
      {done && <DoneAlert done={done} />}
      {(!swaps || !open || !requests) && !error && <Loading what="requests" />}
      {clashes && <LeaveClashes list={clashes} />}
      {swaps && <WaitingSwaps swaps={swaps} base={base} onDone={finished} />}
      {open && <OpenRequests list={open} base={base} onDone={finished} />}
      {requests && <LeaveRequests list={requests} base={base} onDone={finished} />}
    </>
  );
}

/** What waits for the service's manager, read again by load; a failure is told through setError. */
function useWaitingRequests(serviceId: string | undefined, setError: (message: string) => void) {
  const [swaps, setSwaps] = useState<Swap[]>();
  const [open, setOpen] = useState<OpenRequest[]>();
  const [requests, setRequests] = useState<StaffRequest[]>();
  const [clashes, setClashes] = useState<LeaveClashList>();
  const latest = useLatest();
  const load = () => {
    if (!serviceId) return;
    const base = `/services/${encodeURIComponent(serviceId)}`;
    const keep = latest();
    const failed = keep((e: unknown) => setError(describeError(e)));
    get<Swap[]>(`${base}/swaps?status=accepted`).then(keep(setSwaps), failed);
    get<OpenRequest[]>(`${base}/open-requests?status=requested`).then(keep(setOpen), failed);
    get<StaffRequest[]>(`${base}/requests?status=pending`).then(keep(setRequests), failed);
    get<LeaveClashList>(`${base}/leave-clashes`).then(keep(setClashes), failed);
  };
  useEffect(load, [serviceId]);
  return { swaps, open, requests, clashes, load };
}

/** What was just approved or declined, with the published shifts approved leave now clashes with. */
function DoneAlert({ done }: { done: Done }) {
  return (
    <Alert kind={done.clashes ? 'info' : 'success'}>
      <p>{done.text}</p>
      {done.clashes && (
        <>
          <p>These published shifts now clash; cover them from the rota:</p>
          <ul>
            {done.clashes.map((c) => (
              <li key={c.label}>
                {sentence(c.breach)} {c.cover ? `Cheapest cover: ${sentence(c.cover.words)}` : 'No cover found without breaking a rule.'}
              </li>
            ))}
          </ul>
        </>
      )}
    </Alert>
  );
}

type OnDone = (text: string, answer: unknown) => void;

function WaitingSwaps({ swaps, base, onDone }: { swaps: Swap[]; base: string; onDone: OnDone }) {
  return (
    <section aria-labelledby="swaps-heading">
      <h2 id="swaps-heading">Swaps waiting for approval</h2>
      {swaps.length === 0 && <p>No swap is waiting.</p>}
      {swaps.map((s) => {
        const what = s.kind === 'swap' ? `${s.from.name} and ${s.taker?.name} swap shifts` : `${s.from.name} gives a shift to ${s.taker?.name}`;
        return (
          <article key={s.id} class="card" aria-labelledby={`m-swap-${s.id}`}>
            <h3 id={`m-swap-${s.id}`}>{what}</h3>
            <dl class="facts">
              <dt>{s.taker?.name} takes</dt>
              <dd>{s.place.label}</dd>
              {s.inReturn && (
                <>
                  <dt>{s.from.name} takes</dt>
                  <dd>{s.inReturn.label}</dd>
                </>
              )}
              {s.note && (
                <>
                  <dt>Note</dt>
                  <dd>{s.note}</dd>
                </>
              )}
            </dl>
            <Decide id={s.id} what={what} approveUrl={`${base}/swaps/${s.id}/approve`} declineUrl={`${base}/swaps/${s.id}/reject`} onDone={onDone} />
          </article>
        );
      })}
    </section>
  );
}

function OpenRequests({ list, base, onDone }: { list: OpenRequest[]; base: string; onDone: OnDone }) {
  return (
    <section aria-labelledby="open-heading">
      <h2 id="open-heading">Requests for open sessions</h2>
      {list.length === 0 && <p>No request is waiting.</p>}
      {list.map((r) => {
        const what = `${r.name} for ${r.label}`;
        return (
          <article key={r.id} class="card" aria-labelledby={`m-open-${r.id}`}>
            <h3 id={`m-open-${r.id}`}>{what}</h3>
            {r.rank != null && <p>Ranked {r.rank} of the requests for this place.</p>}
            {r.blocks && r.blocks.length > 0 && <p>Not eligible now: {r.blocks.map(sentence).join(' ')}</p>}
            {r.note && <p>Note: {r.note}</p>}
            <Decide id={r.id} what={what} approveUrl={`${base}/open-requests/${r.id}/approve`} declineUrl={`${base}/open-requests/${r.id}/decline`} onDone={onDone} />
          </article>
        );
      })}
    </section>
  );
}

function LeaveRequests({ list, base, onDone }: { list: StaffRequest[]; base: string; onDone: OnDone }) {
  return (
    <section aria-labelledby="leave-heading">
      <h2 id="leave-heading">Leave and availability</h2>
      {list.length === 0 && <p>No request is waiting.</p>}
      {list.map((r) => {
        const what = `${r.name}: ${staffRequestWhat(r, formatDate)}`;
        return (
          <article key={r.id} class="card" aria-labelledby={`m-req-${r.id}`}>
            <h3 id={`m-req-${r.id}`}>{what}</h3>
            {r.note && <p>Note: {r.note}</p>}
            <Decide id={r.id} what={what} approveUrl={`${base}/requests/${r.id}/approve`} declineUrl={`${base}/requests/${r.id}/decline`} onDone={onDone} />
          </article>
        );
      })}
    </section>
  );
}

/** Published shifts still held by someone on approved leave: listed until the shift is changed or the leave is. */
function LeaveClashes({ list }: { list: LeaveClashList }) {
  return (
    <section aria-labelledby="clashes-heading">
      <h2 id="clashes-heading">Published shifts that clash with approved leave</h2>
      {list.clashes.length === 0 && <p>No published shift is held by someone on leave.</p>}
      {list.clashes.map((c) => (
        <article key={c.assignmentId} class="card" aria-labelledby={`m-clash-${c.assignmentId}`}>
          <h3 id={`m-clash-${c.assignmentId}`}>
            {c.name}: {c.label}
          </h3>
          <dl class="facts">
            <dt>Clashes with</dt>
            <dd>
              {absenceWhat(c.leave, formatDate)}
              {c.leave.requestId ? ' (approved request)' : ''}
            </dd>
            <dt>Rule</dt>
            <dd>{sentence(c.breach)}</dd>
            <dt>Cover</dt>
            <dd>{coverWords(c, sentence)}</dd>
          </dl>
          <p>
            <Link href={rotaPath(c.rotaId)}>
              Change it on the rota<span class="visually-hidden"> for {c.name}, {c.label}</span> (week of {formatDate(c.weekStart)})
            </Link>
          </p>
        </article>
      ))}
      {list.notExamined > 0 && <p class="muted">{list.notExamined} more shifts in later weeks overlap leave: they are listed here as the earlier weeks' clashes are resolved.</p>}
    </section>
  );
}

// One offer as a card: what, where, when, paid hours and pay, when to answer by, and Accept and
// Decline, each one tap. The answer is said in the card itself (announced to screen readers): accepted,
// declined, or the server's reason for refusing (someone else took it, it now clashes...).
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { PAGES } from '../../pages.ts';
import { ApiError, describeError, post } from '../api.ts';
import { Link } from '../router.tsx';
import { Alert, formatInstant } from './ui.tsx';
import { capitalised, hoursText, poundsText, sentence, whenText } from './worker-words.ts';

export type WorkerOfferState = 'offered' | 'waiting' | 'accepted' | 'declined' | 'expired' | 'taken' | 'withdrawn' | 'cancelled';

export interface OfferedSession {
  slotId: string;
  roleId: string;
  roleName?: string;
  kind?: string | null;
  label: string;
  venue: { id: string; name: string | null } | null;
  start: string;
  end: string;
  paidHours: number;
  payPounds?: number;
}

export interface MyOffer {
  offerId: string;
  series: boolean;
  state: WorkerOfferState;
  reason: string | null;
  expiresAt: string | null;
  sessions: OfferedSession[];
  paidHours: number;
  payPounds: number;
}

interface Answer {
  offerId: string;
  status: WorkerOfferState;
  repeat?: boolean;
  reason?: string | null;
}

interface Refusal {
  message: string;
  refusal: string;
  state?: WorkerOfferState;
  breaches?: string[];
}

/** Where an offer stands for the worker, in words. */
export const STATE_WORDS: Record<WorkerOfferState, string> = {
  offered: 'Waiting for your answer',
  waiting: 'Not sent to you yet',
  accepted: 'You accepted it',
  declined: 'You declined it',
  expired: 'It expired before you answered',
  taken: 'Someone else took it',
  withdrawn: 'The manager withdrew it',
  cancelled: 'Cancelled after you accepted',
};

export function sessionTitle(s: OfferedSession): string {
  return s.kind ? capitalised(s.kind) : s.label;
}

function venueText(s: OfferedSession): string {
  return s.venue === null ? 'By phone or video' : (s.venue.name ?? s.venue.id);
}

/** "Options, Wed 16 Dec 2026": what and which day, the card's (or series item's) heading. */
export function sessionHeading(s: OfferedSession): string {
  return `${sessionTitle(s)}, ${whenText(s.start, s.end).date}`;
}

function SessionFacts({ s, pay }: { s: OfferedSession; pay: boolean }) {
  return (
    <dl class="facts">
      <dt>Time</dt>
      <dd>{whenText(s.start, s.end).times}</dd>
      <dt>Where</dt>
      <dd>{venueText(s)}</dd>
      <dt>Role</dt>
      <dd>{s.roleName ?? s.roleId}</dd>
      <dt>Paid</dt>
      <dd>{hoursText(s.paidHours)}</dd>
      {pay && s.payPounds !== undefined && (
        <>
          <dt>Pay</dt>
          <dd>{poundsText(s.payPounds)}</dd>
        </>
      )}
    </dl>
  );
}

type Result = { kind: 'success' | 'info' | 'error'; text: string; details?: string[] };

/** Accepting or declining: where the offer stands after, and the answer in words. */
function useOfferAnswer(offer: MyOffer, shortName: string, onAnswered?: (offerId: string, state: WorkerOfferState) => void) {
  const [state, setState] = useState<WorkerOfferState>(offer.state);
  const [busy, setBusy] = useState<'accept' | 'decline' | null>(null);
  const [result, setResult] = useState<Result>();

  const settle = (next: WorkerOfferState) => {
    setState(next);
    onAnswered?.(offer.offerId, next);
  };

  async function answer(action: 'accept' | 'decline') {
    setBusy(action);
    setResult(undefined);
    try {
      const a = await post<Answer>(`/me/offers/${offer.offerId}/${action}`);
      settle(a.status);
      if (a.status === 'accepted') {
        setResult({ kind: 'success', text: a.repeat ? 'You had already accepted this. It is yours.' : offer.series ? 'Accepted. These sessions are yours.' : `Accepted. ${shortName} is yours.` });
      } else if (a.status === 'declined') {
        setResult({ kind: 'info', text: a.repeat ? 'You had already declined this.' : 'Declined. It will be offered to someone else.' });
      } else {
        setResult({ kind: 'info', text: `This offer had already closed: ${STATE_WORDS[a.status].toLowerCase()}.${a.reason ? ` ${sentence(a.reason)}` : ''}` });
      }
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        const body = (e.body ?? {}) as Partial<Refusal>;
        if (body.state) settle(body.state);
        const details = body.breaches && body.breaches.length > 1 ? body.breaches : undefined;
        setResult({ kind: 'error', text: `Not ${action === 'accept' ? 'accepted' : 'declined'}: ${sentence(e.message)}`, details });
      } else {
        setResult({ kind: 'error', text: describeError(e) });
      }
    } finally {
      setBusy(null);
    }
  }
  return { state, busy, result, answer };
}

export function OfferCard({ offer, onAnswered }: { offer: MyOffer; onAnswered?: (offerId: string, state: WorkerOfferState) => void }) {
  const first = offer.sessions[0];
  const headingId = `offer-${offer.offerId}`;
  const title = offer.series ? `Series of ${offer.sessions.length} sessions, from ${whenText(first.start, first.end).date}` : sessionHeading(first);
  const shortName = offer.series ? 'this series' : `${sessionTitle(first)} on ${whenText(first.start, first.end).date}`;
  const { state, busy, result, answer } = useOfferAnswer(offer, shortName, onAnswered);
  const open = state === 'offered';
  return (
    <article class="card offer" aria-labelledby={headingId}>
      <h3 id={headingId}>{title}</h3>
      {offer.series ? <SeriesFacts offer={offer} /> : <SessionFacts s={first} pay={true} />}
      {open && offer.expiresAt && <p class="muted">Answer by {formatInstant(offer.expiresAt)}.</p>}
      {!open && !result && <p>{STATE_WORDS[state]}.</p>}
      {result && <AnswerResult result={result} />}
      {open && (
        <div class="offer-actions">
          <button type="button" class="button" disabled={busy !== null} onClick={() => answer('accept')}>
            {busy === 'accept' ? 'Accepting…' : 'Accept'}
            <span class="visually-hidden"> {shortName}</span>
          </button>
          <button type="button" class="button button--quiet" disabled={busy !== null} onClick={() => answer('decline')}>
            {busy === 'decline' ? 'Declining…' : 'Decline'}
            <span class="visually-hidden"> {shortName}</span>
          </button>
        </div>
      )}
    </article>
  );
}

/** A series is accepted or declined whole: each session, then the hours and pay of them all. */
function SeriesFacts({ offer }: { offer: MyOffer }) {
  return (
    <>
      <p>Accept or decline these sessions together.</p>
      <ol class="series-list">
        {offer.sessions.map((s) => (
          <li key={s.slotId}>
            <h4>{sessionHeading(s)}</h4>
            <SessionFacts s={s} pay={false} />
          </li>
        ))}
      </ol>
      <dl class="facts">
        <dt>Paid in all</dt>
        <dd>{hoursText(offer.paidHours)}</dd>
        <dt>Pay in all</dt>
        <dd>{poundsText(offer.payPounds)}</dd>
      </dl>
    </>
  );
}

function AnswerResult({ result }: { result: Result }) {
  const ref = useRef<HTMLDivElement>(null);
  // The buttons go once answered: focus moves to the answer, so a keyboard user is not left nowhere.
  // A layout effect moves it in the same commit that shows the answer; an effect would run a frame
  // later and could take focus back from whatever the user reached for next in that frame.
  useLayoutEffect(() => {
    ref.current?.focus();
  }, [result]);
  return (
    <div ref={ref} tabIndex={-1} class="offer-result">
      <Alert kind={result.kind}>
        <p>{result.text}</p>
        {result.details && (
          <ul>
            {result.details.map((d) => (
              <li key={d}>{sentence(d)}</li>
            ))}
          </ul>
        )}
        {result.kind === 'success' && (
          <p>
            <Link href={PAGES.worker}>See it in My sessions</Link>
          </p>
        )}
      </Alert>
    </div>
  );
}

// A worker's start page, "My sessions": offers waiting for an answer (a link to them), the sessions
// coming up and those past (published shifts, and sessions a bank worker accepted), and the calendar
// subscription link. Dates and times are the service's own, as the server gives them.
import { useEffect, useState } from 'preact/hooks';
import { PAGES } from '../../pages.ts';
import { describeError, get } from '../api.ts';
import { CalendarLink } from '../components/calendar-link.tsx';
import { Alert, Loading, formatDate } from '../components/ui.tsx';
import { capitalised, hoursText, timeRange } from '../components/worker-words.ts';
import { Link, usePageTitle } from '../router.tsx';
import { useSession } from '../session.ts';

interface Place {
  id: number | null;
  offerId: string | null;
  slotId: string;
  slotLabel?: string;
  roleId: string;
  startMin: number;
  endMin: number;
  workMinutes: number;
  published: boolean;
  bankState: 'offered' | 'accepted' | null;
  kind: string | null;
  date: string;
  localStart: string;
  localEnd: string;
  siteName: string | null;
  timeZone: string;
  ended: boolean;
}

/** Past sessions shown at first; the rest behind a button (a long-serving worker has hundreds). */
const PAST_SHOWN = 10;

function title(p: Place): string {
  return p.kind ? capitalised(p.kind) : (p.slotLabel ?? 'Session');
}

function SessionItem({ p }: { p: Place }) {
  const crosses = p.localEnd <= p.localStart;
  return (
    <li class="card card--compact session">
      <h3>
        {formatDate(p.date)}, {timeRange(p.localStart, p.localEnd, crosses)}
      </h3>
      <p>
        {title(p)}
        {p.siteName ? ` at ${p.siteName}` : ' (by phone or video)'}
      </p>
      <p class="muted">
        {hoursText(p.workMinutes / 60)} paid.{' '}
        {p.published ? (
          <span class="badge badge--ok">On the published rota</span>
        ) : (
          <span class="badge badge--info">Accepted, rota not published yet</span>
        )}
      </p>
      {p.published && !p.ended && p.id !== null && (
        <p>
          <Link href={`${PAGES.workerSwapNew}?place=${p.id}`}>
            Swap or give away<span class="visually-hidden"> the shift on {formatDate(p.date)}</span>
          </Link>
        </p>
      )}
    </li>
  );
}

export function WorkerHomePage() {
  usePageTitle('My sessions');
  const { session } = useSession();
  const [places, setPlaces] = useState<Place[]>();
  const [error, setError] = useState<string>();
  const [allPast, setAllPast] = useState(false);
  useEffect(() => {
    get<Place[]>('/me/assignments').then(setPlaces, (e) => setError(describeError(e)));
  }, []);
  const held = places?.filter((p) => p.id !== null) ?? [];
  const waiting = new Set(places?.filter((p) => p.bankState === 'offered').map((p) => p.offerId)).size;
  const upcoming = held.filter((p) => !p.ended).sort((a, b) => a.startMin - b.startMin);
  const past = held.filter((p) => p.ended).sort((a, b) => b.startMin - a.startMin);
  const zone = places?.[0]?.timeZone;
  return (
    <>
      <h1 tabIndex={-1}>My sessions</h1>
      <p>Hello{session.signedIn ? `, ${session.name}` : ''}.</p>
      {error && <Alert kind="error">{error}</Alert>}
      {!places && !error && <Loading what="your sessions" />}
      {places && waiting > 0 && (
        <Alert kind="info">
          <p>
            {waiting === 1 ? 'An offer is' : `${waiting} offers are`} waiting for your answer. <Link href={PAGES.workerOffers}>See your offers</Link>
          </p>
        </Alert>
      )}
      {places && (
        <>
          <section aria-labelledby="upcoming-heading">
            <h2 id="upcoming-heading">Coming up</h2>
            {upcoming.length === 0 ? (
              <p>You have no sessions coming up.</p>
            ) : (
              <ul class="card-list">
                {upcoming.map((p) => (
                  <SessionItem key={`${p.slotId} ${p.id}`} p={p} />
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="past-heading">
            <h2 id="past-heading">Past</h2>
            {past.length === 0 ? (
              <p>No past sessions yet.</p>
            ) : (
              <>
                <ul class="card-list">
                  {(allPast ? past : past.slice(0, PAST_SHOWN)).map((p) => (
                    <SessionItem key={`${p.slotId} ${p.id}`} p={p} />
                  ))}
                </ul>
                {!allPast && past.length > PAST_SHOWN && (
                  <button type="button" class="button button--quiet" onClick={() => setAllPast(true)}>
                    Show {past.length - PAST_SHOWN} earlier sessions
                  </button>
                )}
              </>
            )}
          </section>
          {zone && <p class="muted">Times are the service's local times ({zone.replace(/_/g, ' ')}).</p>}
        </>
      )}
      <p>
        <Link href={PAGES.workerFairness}>My fair share</Link>: your weekends, nights, bank holidays, late shifts and Christmas days this year,
        beside the service's average.
      </p>
      <CalendarLink />
    </>
  );
}

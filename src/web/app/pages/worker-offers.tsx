// A bank worker's offers: the sessions waiting for their answer, each accepted or declined in one tap,
// and below, the offers they answered or that closed, with where each stands for them and why.
import { useEffect, useState } from 'preact/hooks';
import { describeError, get } from '../api.ts';
import { OfferCard, sessionTitle, STATE_WORDS, type MyOffer } from '../components/offer-card.tsx';
import { Alert, Loading } from '../components/ui.tsx';
import { sentence, whenText } from '../components/worker-words.ts';
import { usePageTitle } from '../router.tsx';

/** Closed offers shown at most (newest first); older ones are in the history a manager keeps. */
const CLOSED_SHOWN = 30;

function ClosedOffers({ offers }: { offers: MyOffer[] }) {
  if (offers.length === 0) return null;
  return (
    <section aria-labelledby="closed-offers">
      <h2 id="closed-offers">Answered and closed</h2>
      <ul class="card-list">
        {offers.slice(0, CLOSED_SHOWN).map((o) => {
          const s = o.sessions[0];
          const when = whenText(s.start, s.end);
          return (
            <li key={o.offerId} class="card card--compact">
              <strong>{o.series ? `Series of ${o.sessions.length} sessions, from ${when.date}` : `${sessionTitle(s)}, ${when.date}, ${when.times}`}</strong>
              <div>
                {STATE_WORDS[o.state]}.{o.reason ? ` ${sentence(o.reason)}` : ''}
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function waitingText(n: number): string {
  if (n === 0) return 'You have answered every offer.';
  return n === 1 ? '1 offer is waiting for your answer.' : `${n} offers are waiting for your answer.`;
}

export function WorkerOffersPage() {
  usePageTitle('Offers');
  const [offers, setOffers] = useState<MyOffer[]>();
  const [error, setError] = useState<string>();
  const [answered, setAnswered] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => {
    get<MyOffer[]>('/me/offers?all=true').then(setOffers, (e) => setError(describeError(e)));
  }, []);
  // Cards answered on this visit stay where they are, saying what happened, until the page is left.
  const open = offers?.filter((o) => o.state === 'offered') ?? [];
  const closed = (offers?.filter((o) => o.state !== 'offered' && o.state !== 'waiting') ?? []).reverse();
  return (
    <>
      <h1 tabIndex={-1}>Offers</h1>
      <p>Sessions offered to you. Nothing is yours until you accept it; declining is fine.</p>
      {error && <Alert kind="error">{error}</Alert>}
      {!offers && !error && <Loading what="your offers" />}
      {offers && (
        <section aria-labelledby="open-offers">
          <h2 id="open-offers">Waiting for your answer</h2>
          {open.length === 0 ? (
            <p>No offers are waiting for your answer. When a session is offered to you, it shows here and you get an email.</p>
          ) : (
            <>
              <p>{waitingText(open.length - open.filter((o) => answered.has(o.offerId)).length)}</p>
              {open.map((o) => (
                <OfferCard key={o.offerId} offer={o} onAnswered={(id) => setAnswered((a) => new Set([...a, id]))} />
              ))}
            </>
          )}
        </section>
      )}
      {offers && <ClosedOffers offers={closed} />}
    </>
  );
}

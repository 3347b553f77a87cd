// Bank offers of the rota: send its open bank places out (the engine ranks the eligible bank workers)
// and watch each offer's state: who it is with now, until when, who accepted or declined and why.
// While an offer waits for an answer the list refreshes itself.
import { useEffect, useState } from 'preact/hooks';
import { describeError, get, post } from '../api.ts';
import type { Rota } from '../rota-model.ts';
import { Alert, formatInstant } from './ui.tsx';

interface Invite {
  staffId: string;
  rank: number;
  status: 'queued' | 'open' | 'accepted' | 'declined' | 'expired' | 'withdrawn' | 'cancelled';
  expiresAt?: string | null;
  reason?: string | null;
}

interface OfferHistory {
  offerId: string;
  mode: string;
  status: string;
  createdAt: string | null;
  places: { slotId: string; roleId: string; label: string }[];
  invites: Invite[];
}

interface Sent {
  offers: { offerId: string }[];
  notSent: { places: unknown[]; excluded: { name?: string; reasons: string[] }[] }[];
}

const INVITE_TEXT: Record<Invite['status'], string> = {
  queued: 'next in line',
  open: 'asked, awaiting an answer',
  accepted: 'accepted',
  declined: 'declined',
  expired: 'did not answer in time',
  withdrawn: 'withdrawn',
  cancelled: 'cancelled',
};

const OFFER_TONE: Record<string, string> = { open: 'warn', accepted: 'ok', filled: 'ok', expired: 'danger', withdrawn: 'info', cancelled: 'info' };

/** How often an open offer's state is read again. */
const REFRESH_MS = 10_000;

/**
 * The rota's offers, read again on refresh() and, while one waits for an answer, every REFRESH_MS
 * (then onChanged too: an answer changes the rota).
 */
function useRotaOffers(base: string, rotaId: string, onChanged: () => void) {
  const [offers, setOffers] = useState<OfferHistory[]>();
  const [error, setError] = useState<string>();
  const [tick, setTick] = useState(0);
  useEffect(() => {
    get<OfferHistory[]>(base).then(setOffers, (e) => setError(describeError(e)));
  }, [rotaId, tick]);
  const waiting = offers?.some((o) => o.status === 'open') ?? false;
  useEffect(() => {
    if (!waiting) return;
    const timer = setTimeout(() => {
      setTick((n) => n + 1);
      // An answer changes the rota too (an accepted place is the worker's).
      onChanged();
    }, REFRESH_MS);
    return () => clearTimeout(timer);
  }, [waiting, tick]);
  return { offers, error, setError, waiting, refresh: () => setTick((n) => n + 1) };
}

export function OffersPanel({ rota, names, onChanged }: { rota: Rota; names: Map<string, string>; onChanged: () => void }) {
  const base = `/rotas/${encodeURIComponent(rota.id)}/offers`;
  const { offers, error, setError, waiting, refresh } = useRotaOffers(base, rota.id, onChanged);
  const [notice, setNotice] = useState<string>();
  const [busy, setBusy] = useState(false);
  const openPlaces = rota.unfilled.filter((u) => !u.awaiting || u.awaiting.state === 'proposed').length;

  const send = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const sent = await post<Sent>(base, { mode: 'cascade', ttlMinutes: 24 * 60 });
      const none = sent.notSent.length;
      setNotice(
        `${sent.offers.length} ${sent.offers.length === 1 ? 'offer' : 'offers'} sent${none > 0 ? `; ${none} ${none === 1 ? 'place' : 'places'} no bank worker may take` : ''}.`,
      );
      refresh();
      onChanged();
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card" aria-labelledby="offers-heading">
      <h2 id="offers-heading">Bank offers</h2>
      <p>
        Offer the open places to bank workers: one at a time, best first, each with 24 hours to answer. Nothing is theirs until they accept.
        {waiting ? ' This list refreshes itself while an offer waits for an answer.' : ''}
      </p>
      {error && <Alert kind="error">{error}</Alert>}
      {notice && <Alert kind="success">{notice}</Alert>}
      <p>
        <button type="button" class="button" disabled={busy || openPlaces === 0} onClick={send}>
          {busy ? 'Sending…' : 'Send offers for open bank places'}
        </button>
        <button type="button" class="button button--quiet" onClick={refresh}>
          Refresh
        </button>
      </p>
      {offers && offers.length === 0 && <p>No offers yet.</p>}
      {offers && offers.length > 0 && (
        <ul class="card-list">
          {offers.map((o) => (
            <OfferItem key={o.offerId} offer={o} names={names} />
          ))}
        </ul>
      )}
    </section>
  );
}

/** One offer: its state and places, and each worker asked, in order, with where they stand. */
function OfferItem({ offer: o, names }: { offer: OfferHistory; names: Map<string, string> }) {
  return (
    <li class="offer">
      <p>
        <span class={`badge badge--${OFFER_TONE[o.status] ?? 'info'}`}>{o.status}</span> {o.places.map((p) => p.label).join('; ')}
        {o.createdAt ? <span class="muted"> (sent {formatInstant(o.createdAt)})</span> : null}
      </p>
      <ul>
        {o.invites.map((i) => (
          <li key={`${i.staffId}/${i.rank}`}>
            {names.get(i.staffId) ?? i.staffId}: {INVITE_TEXT[i.status]}
            {i.status === 'open' && i.expiresAt ? ` until ${formatInstant(i.expiresAt)}` : ''}
            {i.reason ? ` (${i.reason})` : ''}
          </li>
        ))}
      </ul>
    </li>
  );
}

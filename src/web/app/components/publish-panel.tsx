// Publishing a rota: workers see their shifts (and are emailed them); places proposed for bank workers
// go out as offers or stay to offer later. The server's guard lists every hard rule the rota breaks
// (places below their minimum included) and holds the publish back; publishing anyway needs a reason.
import { useState } from 'preact/hooks';
import { ApiError, describeError, post } from '../api.ts';
import type { Rota } from '../rota-model.ts';
import { Alert } from './ui.tsx';

interface PublishResult {
  publishing: {
    changed: boolean;
    placesPublished: number;
    offers: { offerId: string; offeredTo: string[] }[];
    notSent: { places: unknown[]; excluded: { name?: string; reasons: string[] }[] }[];
    toOffer: number;
    overriddenBreaches: string[];
  };
}

type BankPlaces = 'offer' | 'to-offer';
type OfferMode = 'cascade' | 'broadcast';

interface PublishForm {
  bankPlaces: BankPlaces;
  mode: OfferMode;
  answerHours: string;
  reason: string;
  override: boolean;
}

/** What publishing did, in one sentence for the page. */
function publishedWords(p: PublishResult['publishing']): string {
  const parts = p.changed
    ? [
        `Published: ${p.placesPublished} ${p.placesPublished === 1 ? 'place' : 'places'}; each worker is sent their shifts`,
        p.offers.length > 0 ? `${p.offers.length} bank ${p.offers.length === 1 ? 'offer' : 'offers'} sent` : '',
        p.toOffer > 0 ? `${p.toOffer} bank ${p.toOffer === 1 ? 'place stays' : 'places stay'} to offer` : '',
        p.notSent.length > 0 ? `${p.notSent.length} bank ${p.notSent.length === 1 ? 'place' : 'places'} no bank worker may take` : '',
        p.overriddenBreaches.length > 0 ? 'published despite the rules listed (your reason is recorded)' : '',
      ]
    : ['Already published as it stands: nothing changed'];
  return `${parts.filter(Boolean).join('; ')}.`;
}

/** Publishing: checked here first (answer window, a reason to override), then held back by the server's guard or done. */
function usePublish(rota: Rota, proposed: number, onPublished: (message: string) => void) {
  const [held, setHeld] = useState<{ message: string; breaches: string[] }>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const publish = async ({ bankPlaces, mode, answerHours, reason, override }: PublishForm) => {
    setError(undefined);
    const hours = Number(answerHours);
    if (bankPlaces === 'offer' && proposed > 0 && !(Number.isFinite(hours) && hours > 0 && hours <= 336)) {
      setError('Answer window: give a number of hours from 1 to 336.');
      return;
    }
    if (override && reason.trim() === '') {
      setError('Say why you are publishing a rota that breaks a hard rule: it is kept in the audit log.');
      return;
    }
    setBusy(true);
    try {
      const result = await post<PublishResult>(`/rotas/${encodeURIComponent(rota.id)}/publish`, {
        bankPlaces,
        ...(bankPlaces === 'offer' ? { offerMode: mode, offerTtlMinutes: Math.round(hours * 60) } : {}),
        ...(override ? { override: true, reason: reason.trim() } : reason.trim() ? { reason: reason.trim() } : {}),
      });
      onPublished(publishedWords(result.publishing));
    } catch (e) {
      setBusy(false);
      const body = e instanceof ApiError ? (e.body as { breaches?: string[] } | undefined) : undefined;
      if (e instanceof ApiError && e.status === 409 && body?.breaches) setHeld({ message: e.message, breaches: body.breaches });
      else setError(describeError(e));
    }
  };
  return { held, error, busy, publish };
}

export function PublishPanel({ rota, onPublished }: { rota: Rota; onPublished: (message: string) => void }) {
  const proposed = rota.assignments.filter((a) => a.bankState === 'proposed').length;
  const [bankPlaces, setBankPlaces] = useState<BankPlaces>('offer');
  const [mode, setMode] = useState<OfferMode>('cascade');
  const [answerHours, setAnswerHours] = useState('24');
  const [reason, setReason] = useState('');
  const [override, setOverride] = useState(false);
  const { held, error, busy, publish } = usePublish(rota, proposed, onPublished);

  return (
    <section class="card" aria-labelledby="publish-heading">
      <h2 id="publish-heading">{rota.published ? 'Publish the changes' : 'Publish'}</h2>
      <p>Publishing shows each worker their shifts and emails them.{proposed > 0 ? ` ${proposed} ${proposed === 1 ? 'place is' : 'places are'} proposed for bank workers: nothing is theirs until they accept.` : ''}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void publish({ bankPlaces, mode, answerHours, reason, override });
        }}
      >
        {proposed > 0 && (
          <BankPlacesFields bankPlaces={bankPlaces} onBankPlaces={setBankPlaces} mode={mode} onMode={setMode} answerHours={answerHours} onAnswerHours={setAnswerHours} />
        )}
        {held && <HeldBack breaches={held.breaches} />}
        <label for="publish-reason">{held ? 'Why publish anyway (kept in the audit log)' : 'Note for the audit log (optional)'}</label>
        <textarea id="publish-reason" rows={2} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
        {held && (
          <label class="checkbox">
            <input type="checkbox" checked={override} onChange={(e) => setOverride(e.currentTarget.checked)} /> Publish anyway, breaking the rules listed
          </label>
        )}
        {error && <Alert kind="error">{error}</Alert>}
        <button type="submit" class={`button${override ? ' button--danger' : ''}`} disabled={busy || (held !== undefined && !override)}>
          {busy ? 'Publishing…' : override ? 'Publish anyway' : 'Publish'}
        </button>
      </form>
    </section>
  );
}

interface BankPlacesProps {
  bankPlaces: BankPlaces;
  onBankPlaces: (value: BankPlaces) => void;
  mode: OfferMode;
  onMode: (value: OfferMode) => void;
  answerHours: string;
  onAnswerHours: (value: string) => void;
}

/** Places proposed for bank workers: offered now (how, and how long each has to answer) or later. */
function BankPlacesFields({ bankPlaces, onBankPlaces, mode, onMode, answerHours, onAnswerHours }: BankPlacesProps) {
  return (
    <fieldset>
      <legend>Bank places</legend>
      <label class="checkbox">
        <input type="radio" name="bank-places" checked={bankPlaces === 'offer'} onChange={() => onBankPlaces('offer')} /> Send them out as offers now (the proposed worker first)
      </label>
      <label class="checkbox">
        <input type="radio" name="bank-places" checked={bankPlaces === 'to-offer'} onChange={() => onBankPlaces('to-offer')} /> Keep them to offer later
      </label>
      {bankPlaces === 'offer' && (
        <div class="field-row">
          <div>
            <label for="offer-mode">How</label>
            <select id="offer-mode" value={mode} onChange={(e) => onMode(e.currentTarget.value as OfferMode)}>
              <option value="cascade">One worker at a time, best first</option>
              <option value="broadcast">Everyone eligible at once; first to accept</option>
            </select>
          </div>
          <div>
            <label for="offer-hours">Hours each worker has to answer</label>
            <input id="offer-hours" type="text" inputMode="numeric" value={answerHours} onInput={(e) => onAnswerHours(e.currentTarget.value)} />
          </div>
        </div>
      )}
    </fieldset>
  );
}

/** The server's guard: every hard rule the rota breaks. */
function HeldBack({ breaches }: { breaches: string[] }) {
  return (
    <div class="alert alert--error" role="alert">
      <p>
        <strong>Not published.</strong> The rota breaks {breaches.length === 1 ? 'a hard rule' : `${breaches.length} hard rules`}:
      </p>
      <ul class="breach-list">
        {breaches.map((b, i) => (
          <li key={i}>{b}</li>
        ))}
      </ul>
    </div>
  );
}

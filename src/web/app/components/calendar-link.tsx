// The calendar subscription link: a phone's calendar app subscribes once to a webcal:// address and
// then keeps up by itself (published shifts and accepted sessions, in the service's own time zone).
// The address carries its own secret, so the server shows it only when it is made; a lost one is
// replaced, and the old one stops working.
import { useState } from 'preact/hooks';
import { ApiError, describeError, post } from '../api.ts';
import { Alert } from './ui.tsx';

export function CalendarLink() {
  const [path, setPath] = useState<string>();
  const [hasOne, setHasOne] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  async function make(replace: boolean) {
    setBusy(true);
    setError(undefined);
    try {
      const made = await post<{ path: string }>('/me/calendar-feed', replace ? { replace: true } : {});
      setPath(made.path);
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) setHasOne(true);
      else setError(describeError(e));
    } finally {
      setBusy(false);
    }
  }

  const httpAddress = path ? `${window.location.origin}${path}` : '';
  const webcalAddress = httpAddress.replace(/^https?:/, 'webcal:');
  return (
    <section aria-labelledby="calendar-heading" class="card">
      <h2 id="calendar-heading">Your sessions in your phone's calendar</h2>
      <p>
        Subscribe once and your calendar keeps itself up to date: every session on a published rota and every session you
        accept, at the service's local times, with the venue.
      </p>
      {error && <Alert kind="error">{error}</Alert>}
      {path ? (
        <>
          <p>
            <a class="button" href={webcalAddress}>
              Subscribe in my calendar
            </a>
          </p>
          <label for="calendar-address">Or copy this address into your calendar app (in Google Calendar: Other calendars, From URL)</label>
          <input id="calendar-address" type="text" readOnly value={httpAddress} onFocus={(e) => e.currentTarget.select()} />
          <p class="muted">
            Keep it to yourself: anyone with this address can see your sessions. It is shown only now; if you lose it, make a new one.
          </p>
        </>
      ) : hasOne ? (
        <>
          <Alert kind="info">
            <p>
              You already have a calendar link. For your privacy it is shown only once, when it is made. If you have lost it, make a
              new one: the old one stops working.
            </p>
          </Alert>
          <button type="button" class="button" disabled={busy} onClick={() => make(true)}>
            Make a new calendar link
          </button>
        </>
      ) : (
        <button type="button" class="button" disabled={busy} onClick={() => make(false)}>
          Get my calendar link
        </button>
      )}
    </section>
  );
}

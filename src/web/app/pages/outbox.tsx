// The outbox: every email the system wrote. Without a mail server (ROTA_SMTP_URL) this is where a
// manager reads them to pass on by hand; with one, where they see what was sent and what failed.
import { useEffect, useState } from 'preact/hooks';
import { describeError, get, post, query } from '../api.ts';
import { Alert, Loading, formatInstant } from '../components/ui.tsx';
import { usePageTitle } from '../router.tsx';

interface Message {
  id: number;
  kind: keyof typeof KIND;
  toAddress: string | null;
  toName: string | null;
  subject: string;
  bodyText: string;
  status: 'queued' | 'sent' | 'failed' | 'expired' | 'no-address';
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

interface Outbox {
  mailConfigured: boolean;
  counts: Record<string, number>;
  messages: Message[];
}

const KIND = {
  'sign-in-link': 'Sign-in link',
  offer: 'Offer',
  'offer-expiring': 'Offer reminder',
  'rota-published': 'Published shifts',
  'swap-offered': 'Shift offered by a colleague',
  'swap-accepted': 'Swap accepted, awaiting approval',
  'swap-approved': 'Swap approved',
  'swap-rejected': 'Swap not approved',
  'swap-refused': 'Swap refused (a rule now breaks)',
  'swap-withdrawn': 'Swap withdrawn',
  'swap-declined': 'Swap declined',
  'open-requested': 'Open session asked for',
  'open-approved': 'Open session given',
  'open-declined': 'Open session not given',
  'open-closed': 'Open session closed',
  'request-made': 'Leave or availability request',
  'request-approved': 'Request approved',
  'request-declined': 'Request declined',
  'leave-clash': 'Approved leave clashes with a shift',
};

const STATUS: Record<Message['status'], { label: string; tone: string }> = {
  queued: { label: 'Waiting to send', tone: 'info' },
  sent: { label: 'Sent', tone: 'ok' },
  failed: { label: 'Failed', tone: 'danger' },
  expired: { label: 'Expired, not sent', tone: 'warn' },
  'no-address': { label: 'No email address', tone: 'warn' },
};

const FILTERS: { value: string; label: string }[] = [
  { value: '', label: 'All messages' },
  { value: 'queued', label: 'Waiting to send' },
  { value: 'failed', label: 'Failed' },
  { value: 'no-address', label: 'No email address' },
  { value: 'sent', label: 'Sent' },
  { value: 'expired', label: 'Expired' },
];

export function OutboxPage() {
  usePageTitle('Outbox');
  const [status, setStatus] = useState('');
  const [data, setData] = useState<Outbox>();
  const [error, setError] = useState<string>();
  const [note, setNote] = useState<string>();
  const load = () => get<Outbox>(`/outbox${query({ status, limit: 200 })}`).then(setData, (e) => setError(describeError(e)));
  useEffect(() => {
    setData(undefined);
    void load();
  }, [status]);
  const retry = async (id: number) => {
    try {
      await post(`/outbox/${id}/retry`);
      setNote(`Message ${id} will be sent again.`);
      await load();
    } catch (e) {
      setError(describeError(e));
    }
  };

  return (
    <>
      <h1 tabIndex={-1}>Outbox</h1>
      {data && !data.mailConfigured && (
        <Alert kind="info">
          <p>
            No mail server is set up, so nothing is emailed: messages wait here. Pass them on by hand (copy a sign-in link to the
            person it is for), or start the server with <code>ROTA_SMTP_URL</code> to send them.
          </p>
        </Alert>
      )}
      <div class="field-row no-print">
        <div>
          <label for="status-filter">Show</label>
          <select id="status-filter" value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
            {FILTERS.map((f) => (
              <option key={f.value} value={f.value}>
                {f.label}
                {f.value && data?.counts[f.value] !== undefined ? ` (${data.counts[f.value]})` : ''}
              </option>
            ))}
          </select>
        </div>
      </div>
      {note && <Alert kind="success">{note}</Alert>}
      {error && <Alert kind="error">{error}</Alert>}
      {!data && !error && <Loading what="the outbox" />}
      {data && data.messages.length === 0 && <p>No messages{status ? ' of this kind' : ''} yet.</p>}
      {data && data.messages.length > 0 && (
        <ul class="card-list" aria-label="Messages, newest first">
          {data.messages.map((m) => (
            <MessageCard key={m.id} message={m} onRetry={retry} />
          ))}
        </ul>
      )}
    </>
  );
}

/** One message: to whom, what, where it stands, its text, and Send again once it failed. */
function MessageCard({ message: m, onRetry }: { message: Message; onRetry: (id: number) => void }) {
  return (
    <li class="card">
      <h2 class="message-subject">{m.subject}</h2>
      <dl class="facts">
        <dt>To</dt>
        <dd>{m.toAddress ? `${m.toName ?? ''} <${m.toAddress}>` : `${m.toName ?? 'Unknown'} (no email address on file)`}</dd>
        <dt>Kind</dt>
        <dd>{KIND[m.kind]}</dd>
        <dt>Status</dt>
        <dd>
          <span class={`badge badge--${STATUS[m.status].tone}`}>{STATUS[m.status].label}</span>
          {m.status === 'sent' && m.sentAt && <> on {formatInstant(m.sentAt)}</>}
          {m.status === 'queued' && m.attempts > 0 && <> (tried {m.attempts} times; next try {formatInstant(m.nextAttemptAt)})</>}
        </dd>
        <dt>Written</dt>
        <dd>{formatInstant(m.createdAt)}</dd>
        {m.lastError && (
          <>
            <dt>Last error</dt>
            <dd>{m.lastError}</dd>
          </>
        )}
      </dl>
      <details>
        <summary>Read the message</summary>
        <pre class="mail">{m.bodyText}</pre>
      </details>
      {m.status === 'failed' && (
        <button type="button" class="button button--small" onClick={() => onRetry(m.id)}>
          Send again
        </button>
      )}
    </li>
  );
}

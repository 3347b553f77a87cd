// Sign in: everyone can ask for a one-time link by email; managers and payroll can also paste a token.
import { useState } from 'preact/hooks';
import { PAGES } from '../../pages.ts';
import { describeError, post } from '../api.ts';
import { Alert } from '../components/ui.tsx';
import { Link, navigate, useLocation, usePageTitle } from '../router.tsx';
import { useSession } from '../session.ts';
import { START_PAGE } from './home.tsx';

/** Only a path on this site may follow sign-in (never another site named in ?next=). */
export function safeNext(next: string | null): string | undefined {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : undefined;
}

export function SignInPage() {
  usePageTitle('Sign in');
  const { session } = useSession();

  if (session.signedIn) {
    return (
      <>
        <h1 tabIndex={-1}>Sign in</h1>
        <p>
          You are signed in as {session.name}. <Link href={START_PAGE[session.role]}>Go to your start page</Link>.
        </p>
      </>
    );
  }

  return (
    <>
      <h1 tabIndex={-1}>Sign in</h1>
      <EmailLinkForm />
      <TokenForm />
    </>
  );
}

/** A one-time link by email; the answer is the same whether or not the address is known. */
function EmailLinkForm() {
  const [email, setEmail] = useState('');
  const [sentTo, setSentTo] = useState<string>();
  const [linkError, setLinkError] = useState<string>();
  const [sending, setSending] = useState(false);
  return (
    <section aria-labelledby="by-email" class="card">
      <h2 id="by-email">Get a sign-in link by email</h2>
      <p>We will email you a link that signs you in. It works once, within 15 minutes.</p>
      <form
        onSubmit={async (event) => {
          event.preventDefault();
          setSending(true);
          setLinkError(undefined);
          try {
            await post('/auth/links', { email: email.trim() });
            setSentTo(email.trim());
          } catch (e) {
            setLinkError(describeError(e));
          } finally {
            setSending(false);
          }
        }}
      >
        <label for="email">Email address</label>
        <input id="email" name="email" type="email" autoComplete="email" inputMode="email" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
        <button type="submit" class="button" disabled={sending}>
          {sending ? 'Sending…' : 'Email me a sign-in link'}
        </button>
      </form>
      {sentTo && (
        <Alert kind="success">
          If {sentTo} belongs to someone on a rota here, a sign-in link is on its way to it. Open the link on this device.
        </Alert>
      )}
      {linkError && <Alert kind="error">{linkError}</Alert>}
    </section>
  );
}

/** A pasted API token; then on to `?next=` (a path on this site only) or the role's start page. */
function TokenForm() {
  const { refresh } = useSession();
  const { search } = useLocation();
  const [token, setToken] = useState('');
  const [tokenError, setTokenError] = useState<string>();
  return (
    <section aria-labelledby="by-token" class="card">
      <h2 id="by-token">Managers and payroll: sign in with a token</h2>
      <p>
        Paste an API token (for example the one <code>npm start</code> prints, or one from <code>npx rota token create</code>).
      </p>
      <form
        onSubmit={async (event) => {
          event.preventDefault();
          setTokenError(undefined);
          try {
            await post('/auth/token', { token: token.trim() });
            setToken('');
            const s = await refresh();
            navigate(safeNext(search.get('next')) ?? (s.signedIn ? START_PAGE[s.role] : PAGES.home), { replace: true });
          } catch (e) {
            setTokenError(describeError(e));
          }
        }}
      >
        <label for="token">Token</label>
        <input id="token" name="token" type="password" autoComplete="off" spellcheck={false} required value={token} onInput={(e) => setToken(e.currentTarget.value)} />
        <button type="submit" class="button">
          Sign in with token
        </button>
      </form>
      {tokenError && <Alert kind="error">{tokenError}</Alert>}
    </section>
  );
}

// Where an emailed link lands. The link's secret is in the fragment (#...), which browsers never send
// to a server, so it stays out of logs; it is used only when the person presses the button, so a mail
// scanner that opens the link does not use it up.
import { useState } from 'preact/hooks';
import { PAGES } from '../../pages.ts';
import { describeError, post } from '../api.ts';
import { Alert } from '../components/ui.tsx';
import { Link, navigate, usePageTitle } from '../router.tsx';
import { useSession } from '../session.ts';
import { START_PAGE } from './home.tsx';

export function SignInLinkPage() {
  usePageTitle('Finish signing in');
  const { refresh } = useSession();
  const [secret] = useState(() => window.location.hash.slice(1));
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  if (!/^[A-Za-z0-9_-]{20,200}$/.test(secret)) {
    return (
      <>
        <h1 tabIndex={-1}>Finish signing in</h1>
        <Alert kind="error">This sign-in link is incomplete. Copy the whole link from the email, or ask for a new one.</Alert>
        <p>
          <Link href={PAGES.signIn}>Ask for a new sign-in link</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <h1 tabIndex={-1}>Finish signing in</h1>
      <p>Press the button to sign in on this device.</p>
      <button
        type="button"
        class="button button--large"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          setError(undefined);
          try {
            await post('/auth/links/redeem', { secret });
            // The secret is spent; keep it out of the history too.
            window.history.replaceState(null, '', PAGES.signInLink);
            const s = await refresh();
            navigate(s.signedIn ? START_PAGE[s.role] : PAGES.home, { replace: true });
          } catch (e) {
            setError(describeError(e));
            setBusy(false);
          }
        }}
      >
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
      {error && (
        <>
          <Alert kind="error">{error}</Alert>
          <p>
            <Link href={PAGES.signIn}>Ask for a new sign-in link</Link>
          </p>
        </>
      )}
    </>
  );
}

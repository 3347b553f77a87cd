// A manager's start page: for now the areas the web app has; the rota pages come next.
import { PAGES } from '../../pages.ts';
import { Link, usePageTitle } from '../router.tsx';
import { useSession } from '../session.ts';

export function ManagerHomePage() {
  usePageTitle('Manager');
  const { session } = useSession();
  return (
    <>
      <h1 tabIndex={-1}>Hello{session.signedIn ? `, ${session.name}` : ''}</h1>
      <ul class="link-list">
        <li>
          <Link href={PAGES.payroll}>Payroll</Link>: pay periods, places still unsigned, sign-off, lock and download.
        </li>
        <li>
          <Link href={PAGES.outbox}>Outbox</Link>: every email the system has written, and whether it was sent.
        </li>
        <li>
          <a href="/documentation">API documentation</a> (everything else, until its page is built).
        </li>
      </ul>
    </>
  );
}

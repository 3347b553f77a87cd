// A manager's start page: the areas the web app has.
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
          <Link href={PAGES.rotas}>Rotas</Link>: pick a service and a week, generate, see what is unfilled and why, adjust, publish and offer bank places.
        </li>
        <li>
          <Link href={PAGES.managerRequests}>Staff requests</Link>: swaps, open sessions, leave and availability waiting for you.
        </li>
        <li>
          <Link href={PAGES.managerFairness}>Fairness</Link>: who has worked the weekends, nights, bank holidays, late shifts and Christmas over the
          year; adjust or reset counts with a reason.
        </li>
        <li>
          <Link href={PAGES.managerSettings}>Self-service settings</Link>: approve swaps and open sessions automatically, or not.
        </li>
        <li>
          <Link href={PAGES.payroll}>Payroll</Link>: pay periods, places still unsigned, sign-off, lock and download.
        </li>
        <li>
          <Link href={PAGES.outbox}>Outbox</Link>: every email the system has written, and whether it was sent.
        </li>
        <li>
          <a href="/documentation">API documentation</a> (everything else: services, staff, templates, tokens).
        </li>
      </ul>
    </>
  );
}

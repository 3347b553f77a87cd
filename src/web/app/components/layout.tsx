// The frame of every page: a skip link, the header (who is signed in, the pages their role has, sign
// out) and the main region.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { PAGES } from '../../pages.ts';
import { describeError } from '../api.ts';
import { Link, navigate, useLocation } from '../router.tsx';
import { ROLE_NAMES, signOut, useSession, type Role } from '../session.ts';

const NAV: Record<Role, { href: string; label: string }[]> = {
  manager: [
    { href: PAGES.manager, label: 'Home' },
    { href: PAGES.rotas, label: 'Rotas' },
    { href: PAGES.managerRequests, label: 'Requests' },
    { href: PAGES.managerFairness, label: 'Fairness' },
    { href: PAGES.payroll, label: 'Payroll' },
    { href: PAGES.outbox, label: 'Outbox' },
  ],
  payroll: [{ href: PAGES.payroll, label: 'Payroll' }],
  worker: [
    { href: PAGES.worker, label: 'My sessions' },
    { href: PAGES.workerOffers, label: 'Offers' },
    { href: PAGES.workerOpen, label: 'Open sessions' },
    { href: PAGES.workerSwaps, label: 'Swaps' },
    { href: PAGES.workerRequests, label: 'Leave' },
  ],
};

export function Layout({ children }: { children: ComponentChildren }) {
  const { session, refresh } = useSession();
  const { path } = useLocation();
  const [error, setError] = useState<string>();
  const links = session.signedIn ? NAV[session.role] : [];
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to main content
      </a>
      <header class="site-header">
        <div class="site-header__inner">
          <Link href={PAGES.home} class="brand">
            rota
          </Link>
          {links.length > 0 && (
            <nav aria-label="Main">
              <ul class="nav-list">
                {links.map((l) => (
                  <li key={l.href}>
                    <Link href={l.href} aria-current={path === l.href ? 'page' : undefined}>
                      {l.label}
                    </Link>
                  </li>
                ))}
              </ul>
            </nav>
          )}
          {session.signedIn && (
            <div class="who">
              <span>
                {session.name} <span class="muted">({ROLE_NAMES[session.role]})</span>
              </span>
              <button
                type="button"
                class="button button--quiet"
                onClick={async () => {
                  try {
                    await signOut();
                    await refresh();
                    navigate(PAGES.signIn, { replace: true });
                  } catch (e) {
                    setError(describeError(e));
                  }
                }}
              >
                Sign out
              </button>
            </div>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {error && (
          <p class="alert alert--error" role="alert">
            {error}
          </p>
        )}
        {children}
      </main>
    </>
  );
}

// A page for some roles only: signed-out visitors go to sign in (and come back after), others are told.
import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { PAGES } from '../../pages.ts';
import { navigate, useLocation } from '../router.tsx';
import { ROLE_NAMES, useSession, type Role } from '../session.ts';

export function RequireRole({ roles, children }: { roles: Role[]; children: ComponentChildren }) {
  const { session } = useSession();
  const { path } = useLocation();
  useEffect(() => {
    if (!session.signedIn) navigate(`${PAGES.signIn}?next=${encodeURIComponent(path + window.location.search)}`, { replace: true });
  }, [session.signedIn, path]);
  if (!session.signedIn) return null;
  if (!roles.includes(session.role)) {
    return (
      <>
        <h1 tabIndex={-1}>Not for your role</h1>
        <p>
          You are signed in as a {ROLE_NAMES[session.role]}; this page is for {roles.map((r) => ROLE_NAMES[r]).join(' or ')} only.
        </p>
      </>
    );
  }
  return <>{children}</>;
}

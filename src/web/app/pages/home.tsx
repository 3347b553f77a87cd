// `/`: sends each person to their own start page, or to sign in.
import { useEffect } from 'preact/hooks';
import { PAGES } from '../../pages.ts';
import { Loading } from '../components/ui.tsx';
import { navigate } from '../router.tsx';
import { useSession, type Role } from '../session.ts';

export const START_PAGE: Record<Role, string> = { manager: PAGES.manager, payroll: PAGES.payroll, worker: PAGES.worker };

export function HomePage() {
  const { session } = useSession();
  useEffect(() => {
    navigate(session.signedIn ? START_PAGE[session.role] : PAGES.signIn, { replace: true });
  }, [session]);
  return <Loading what="your page" />;
}

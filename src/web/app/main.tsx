// The web app: load who is signed in, then show the page the path names.
import { render, type ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { PAGES } from '../pages.ts';
import { Layout } from './components/layout.tsx';
import { Loading } from './components/ui.tsx';
import { HomePage } from './pages/home.tsx';
import { NotFoundPage } from './pages/not-found.tsx';
import { OutboxPage } from './pages/outbox.tsx';
import { PayrollPage } from './pages/payroll.tsx';
import { SignInLinkPage } from './pages/sign-in-link.tsx';
import { SignInPage } from './pages/sign-in.tsx';
import { ManagerHomePage } from './pages/manager-home.tsx';
import { RotaRoute } from './pages/rota.tsx';
import { RotasPage } from './pages/rotas.tsx';
import { WorkerHomePage } from './pages/worker-home.tsx';
import { WorkerOffersPage } from './pages/worker-offers.tsx';
import { WorkerOpenPage } from './pages/worker-open.tsx';
import { WorkerRequestsPage } from './pages/worker-requests.tsx';
import { WorkerSwapNewPage } from './pages/worker-swap-new.tsx';
import { WorkerSwapsPage } from './pages/worker-swaps.tsx';
import { ManagerRequestsPage } from './pages/manager-requests.tsx';
import { ManagerFairnessPage } from './pages/manager-fairness.tsx';
import { ManagerSettingsPage } from './pages/manager-settings.tsx';
import { WorkerFairnessPage } from './pages/worker-fairness.tsx';
import { RequireRole } from './components/require-role.tsx';
import { useLocation } from './router.tsx';
import { loadSession, SessionContext, type Role, type Session } from './session.ts';
import './styles.css';

/** Each page by its path, and the roles it is for (none: anyone, signed in or not). */
const ROUTES = new Map<string, { page: ComponentType; roles?: Role[] }>([
  [PAGES.home, { page: HomePage }],
  [PAGES.signIn, { page: SignInPage }],
  [PAGES.signInLink, { page: SignInLinkPage }],
  [PAGES.manager, { page: ManagerHomePage, roles: ['manager'] }],
  [PAGES.outbox, { page: OutboxPage, roles: ['manager'] }],
  [PAGES.payroll, { page: PayrollPage, roles: ['manager', 'payroll'] }],
  [PAGES.worker, { page: WorkerHomePage, roles: ['worker'] }],
  [PAGES.workerOffers, { page: WorkerOffersPage, roles: ['worker'] }],
  [PAGES.workerSwaps, { page: WorkerSwapsPage, roles: ['worker'] }],
  [PAGES.workerSwapNew, { page: WorkerSwapNewPage, roles: ['worker'] }],
  [PAGES.workerOpen, { page: WorkerOpenPage, roles: ['worker'] }],
  [PAGES.workerFairness, { page: WorkerFairnessPage, roles: ['worker'] }],
  [PAGES.managerFairness, { page: ManagerFairnessPage, roles: ['manager'] }],
  [PAGES.managerSettings, { page: ManagerSettingsPage, roles: ['manager'] }],
  [PAGES.workerRequests, { page: WorkerRequestsPage, roles: ['worker'] }],
  [PAGES.managerRequests, { page: ManagerRequestsPage, roles: ['manager'] }],
  [PAGES.rotas, { page: RotasPage, roles: ['manager'] }],
]);

function Page({ path }: { path: string }) {
  const route = ROUTES.get(path);
  if (route) {
    const Chosen = route.page;
    return route.roles ? (
      <RequireRole roles={route.roles}>
        <Chosen />
      </RequireRole>
    ) : (
      <Chosen />
    );
  }
  // One rota and its print view: `/manage/rotas/<id>[/print]`.
  if (path.startsWith(`${PAGES.rotas}/`)) {
    return (
      <RequireRole roles={['manager']}>
        <RotaRoute path={path} />
      </RequireRole>
    );
  }
  return <NotFoundPage />;
}

function App() {
  const [session, setSession] = useState<Session>();
  const [failed, setFailed] = useState(false);
  const { path } = useLocation();
  const refresh = async () => {
    const s = await loadSession();
    setSession(s);
    return s;
  };
  useEffect(() => {
    refresh().catch(() => setFailed(true));
  }, []);
  if (!session) {
    return (
      <main id="main">
        {failed ? <p role="alert">The server could not be reached. Reload the page to try again.</p> : <Loading what="rota" />}
      </main>
    );
  }
  return (
    <SessionContext.Provider value={{ session, refresh }}>
      <Layout>
        <Page path={path.length > 1 ? path.replace(/\/+$/, '') : path} />
      </Layout>
    </SessionContext.Provider>
  );
}

render(<App />, document.getElementById('app')!);

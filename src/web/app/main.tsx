// The web app: load who is signed in, then show the page the path names.
import { render } from 'preact';
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
import { loadSession, SessionContext, type Session } from './session.ts';
import './styles.css';

function Page({ path }: { path: string }) {
  switch (path) {
    case PAGES.home:
      return <HomePage />;
    case PAGES.signIn:
      return <SignInPage />;
    case PAGES.signInLink:
      return <SignInLinkPage />;
    case PAGES.manager:
      return (
        <RequireRole roles={['manager']}>
          <ManagerHomePage />
        </RequireRole>
      );
    case PAGES.outbox:
      return (
        <RequireRole roles={['manager']}>
          <OutboxPage />
        </RequireRole>
      );
    case PAGES.payroll:
      return (
        <RequireRole roles={['manager', 'payroll']}>
          <PayrollPage />
        </RequireRole>
      );
    case PAGES.worker:
      return (
        <RequireRole roles={['worker']}>
          <WorkerHomePage />
        </RequireRole>
      );
    case PAGES.workerOffers:
      return (
        <RequireRole roles={['worker']}>
          <WorkerOffersPage />
        </RequireRole>
      );
    case PAGES.workerSwaps:
      return (
        <RequireRole roles={['worker']}>
          <WorkerSwapsPage />
        </RequireRole>
      );
    case PAGES.workerSwapNew:
      return (
        <RequireRole roles={['worker']}>
          <WorkerSwapNewPage />
        </RequireRole>
      );
    case PAGES.workerOpen:
      return (
        <RequireRole roles={['worker']}>
          <WorkerOpenPage />
        </RequireRole>
      );
    case PAGES.workerFairness:
      return (
        <RequireRole roles={['worker']}>
          <WorkerFairnessPage />
        </RequireRole>
      );
    case PAGES.managerFairness:
      return (
        <RequireRole roles={['manager']}>
          <ManagerFairnessPage />
        </RequireRole>
      );
    case PAGES.managerSettings:
      return (
        <RequireRole roles={['manager']}>
          <ManagerSettingsPage />
        </RequireRole>
      );
    case PAGES.workerRequests:
      return (
        <RequireRole roles={['worker']}>
          <WorkerRequestsPage />
        </RequireRole>
      );
    case PAGES.managerRequests:
      return (
        <RequireRole roles={['manager']}>
          <ManagerRequestsPage />
        </RequireRole>
      );
    case PAGES.rotas:
      return (
        <RequireRole roles={['manager']}>
          <RotasPage />
        </RequireRole>
      );
    default:
      if (path.startsWith(`${PAGES.rotas}/`)) {
        return (
          <RequireRole roles={['manager']}>
            <RotaRoute path={path} />
          </RequireRole>
        );
      }
      return <NotFoundPage />;
  }
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

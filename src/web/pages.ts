// Where the web app's pages live. Shared by the server (which answers these paths with the app's
// index.html, so a page can be reloaded or opened from a link) and the browser router. The API never
// uses these prefixes (test/web/static.test.ts checks), so a page path can never shadow an API route.

/** Every page path is `/` or starts with one of these. */
export const PAGE_PREFIXES = ['/sign-in', '/manage', '/my', '/pay'] as const;

/** The pages, by name, for links and redirects. */
export const PAGES = {
  home: '/',
  signIn: '/sign-in',
  /** The target of an emailed link; its secret travels in the fragment (#...), never to the server. */
  signInLink: '/sign-in/link',
  manager: '/manage',
  /** Pick a service and a week, generate; each rota is `/manage/rotas/<id>` (and `/print`). */
  rotas: '/manage/rotas',
  outbox: '/manage/outbox',
  /** Swaps, open-session requests, leave and availability waiting for a manager. */
  managerRequests: '/manage/requests',
  /** The fairness league table (`?service=`): adjust, reset, history. */
  managerFairness: '/manage/fairness',
  /** Automatic approval of swaps and open sessions (`?service=`). */
  managerSettings: '/manage/self-service-settings',
  worker: '/my',
  workerOffers: '/my/offers',
  workerSwaps: '/my/swaps',
  /** Offer a shift (`?place=<assignmentId>`): give it away or swap it. */
  workerSwapNew: '/my/swaps/new',
  workerOpen: '/my/open',
  workerRequests: '/my/requests',
  workerFairness: '/my/fairness',
  payroll: '/pay',
} as const;

/** A rota's page, or its print view. */
export function rotaPath(rotaId: string, view?: 'print'): string {
  return `${PAGES.rotas}/${encodeURIComponent(rotaId)}${view ? `/${view}` : ''}`;
}

export function isPagePath(path: string): boolean {
  if (path === '/') return true;
  return PAGE_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`));
}

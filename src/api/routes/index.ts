// Every area's routes. A new area (bank offers, payroll) adds its plugin to this list.
import type { RoutePlugin } from '../context.ts';
import { auditRoutes } from './audit.ts';
import { payrollPeriodLockRoutes, payrollRoutes } from './payroll.ts';
import { offersRoutes } from './offers.ts';
import { offerAnswerRoutes } from './offer-answers.ts';
import { calendarFeedRoutes } from './calendar-feed.ts';
import { authRoutes } from './auth.ts';
import { rotasRoutes } from './rotas.ts';
import { rotaLiveRoutes } from './rota-live.ts';
import { rotaPlacesRoutes } from './rota-places.ts';
import { openBoardRoutes } from './self-service-board.ts';
import { fairnessRoutes } from './self-service-fairness.ts';
import { staffRequestRoutes } from './self-service-requests.ts';
import { swapRoutes } from './self-service-swaps.ts';
import { servicesRoutes } from './services.ts';
import { sessionRoutes, signInRoutes } from './sign-in.ts';
import { usersRoutes } from './users.ts';
import { outboxRoutes } from './outbox.ts';
import { payrollPeriodsRoutes } from './payroll-periods.ts';
import { sitesRoutes } from './sites.ts';
import { availabilityRoutes, leaveRoutes, qualificationRoutes, staffRoutes } from './staff.ts';
import { templatesRoutes } from './templates.ts';

export const routePlugins: readonly RoutePlugin[] = [
  servicesRoutes,
  staffRoutes,
  qualificationRoutes,
  availabilityRoutes,
  leaveRoutes,
  sitesRoutes,
  templatesRoutes,
  rotasRoutes,
  rotaLiveRoutes,
  rotaPlacesRoutes,
  authRoutes,
  auditRoutes,
  payrollRoutes,
  payrollPeriodLockRoutes,
  offersRoutes,
  offerAnswerRoutes,
  calendarFeedRoutes,
  swapRoutes,
  openBoardRoutes,
  staffRequestRoutes,
  fairnessRoutes,
  signInRoutes,
  sessionRoutes,
  usersRoutes,
  outboxRoutes,
  payrollPeriodsRoutes,
];

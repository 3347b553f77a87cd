// Examples for the OpenAPI document of the web app's routes (sign-in, users, outbox, pay periods),
// merged into EXAMPLES in examples.ts.
import type { OperationExample } from './examples.ts';

const AT = '2026-11-20T09:15:00.000Z';
const session = {
  signedIn: true,
  role: 'worker',
  name: 'Zofia Nowak',
  serviceId: 'org-nottingham-sanctuary',
  staffId: 's-zofia-nowak',
  via: 'link',
  expiresAt: '2026-12-04T09:15:00.000Z',
  csrfToken: 'q7Wl2c0n3S9fM1bX6vR4tY8uK5hJ2gD0aP3eZ1iO9sE',
};
const user = { id: 2, email: 'pat.clerk@example.org', name: 'Pat Clerk', role: 'payroll', createdAt: AT, disabledAt: null };
const message = {
  id: 41,
  kind: 'rota-published',
  serviceId: 'org-nottingham-sanctuary',
  staffId: 's-aisha-begum',
  toAddress: 'aisha.begum@sanctuary.example.org',
  toName: 'Aisha Begum',
  subject: 'Your shifts for the week of Mon 23 Nov 2026',
  bodyText: 'Hello Aisha Begum,\n\nThe Nottingham Crisis Sanctuary rota for the week of Mon 23 Nov 2026 is published. Your shifts:\n\n- Thu 26 Nov drop-in 17:30-00:30 (project-worker): paid hours 7:00\n\nSee them any time, or add them to your calendar:\nhttp://127.0.0.1:3000/my',
  status: 'sent',
  attempts: 1,
  nextAttemptAt: AT,
  lastError: null,
  createdAt: AT,
  sentAt: '2026-11-20T09:15:02.000Z',
  expiresAt: null,
};

export const WEB_EXAMPLES: Record<string, OperationExample> = {
  requestSignInLink: {
    request: { email: 'zofia.nowak@sanctuary.example.org' },
    response: { message: 'If that address belongs to someone on a rota here, a sign-in link is on its way to it. The link works once and expires soon.' },
  },
  redeemSignInLink: { request: { secret: 'Vb9x2LmQ4rT7yU1wE5sA8dF3gH6jK0zXcN2vB4mP7qR' }, response: session },
  signInWithToken: { request: { token: 'fzDIFRYa1VWD48hsGsq3GxqrNNk9hyUN8Pldyr_xxqk' }, response: { ...session, role: 'manager', name: 'Jo Bloggs', serviceId: undefined, staffId: undefined, via: 'token' } },
  getSession: { response: session },
  signOut: { response: { signedOut: true } },
  listUsers: { response: [user] },
  createUser: { request: { email: 'Pat.Clerk@example.org', name: 'Pat Clerk', role: 'payroll' }, response: user },
  disableUser: { response: { ...user, disabledAt: '2026-11-21T10:00:00.000Z' } },
  listOutbox: { response: { mailConfigured: true, counts: { sent: 12, queued: 1 }, messages: [message] } },
  retryOutboxMessage: { response: { ...message, status: 'queued', attempts: 0, sentAt: null, lastError: null } },
  listPayPeriods: {
    response: {
      settings: {
        serviceId: 'org-nottingham-sanctuary',
        frequency: 'monthly',
        anchorDate: '2026-11-01',
        nightStartMinute: 1380,
        nightEndMinute: 360,
        holidayMode: 'accrual',
        firstPeriodStart: '2026-11-01',
        configured: true,
      },
      nextToLock: '2026-11-01',
      periods: [
        { periodId: '2026-10-01', startDate: '2026-10-01', endDate: '2026-11-01', locked: false, beforeFirst: true, nextToLock: false },
        { periodId: '2026-11-01', startDate: '2026-11-01', endDate: '2026-12-01', locked: false, beforeFirst: false, nextToLock: true },
      ],
    },
  },
};

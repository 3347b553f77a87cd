// OpenAPI examples of offers to bank workers and calendar feeds, by operationId (see examples.ts).
import type { OperationExample } from './examples.ts';
import { AT, MANAGER, ROTA, SLOT, offerPlace } from './examples-common.ts';

const accepted = { offerId: 'of-7c2e', status: 'accepted', assignmentIds: [57] };
const myOffer = {
  offerId: 'of-7c2e',
  mode: 'cascade',
  series: false,
  state: 'offered',
  reason: null,
  expiresAt: '2026-11-20T11:15:00.000Z',
  sessions: [
    {
      slotId: SLOT,
      roleId: 'crisis-worker',
      roleName: 'Crisis and recovery worker',
      kind: 'drop-in',
      label: 'Thu 26 Nov drop-in 17:30-00:30',
      venue: { id: 'sanctuary', name: 'Nottingham Crisis Sanctuary' },
      start: '2026-11-26T17:30:00+00:00',
      end: '2026-11-27T00:30:00+00:00',
      paidHours: 7,
      payPounds: 101.5,
    },
  ],
  paidHours: 7,
  hourlyRatePounds: 14.5,
  payPounds: 101.5,
  assignmentIds: [],
};
const ics = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//rota//EN',
  'BEGIN:VEVENT',
  'UID:57@rota',
  'DTSTART;TZID=Europe/London:20261126T173000',
  'DTEND;TZID=Europe/London:20261127T003000',
  'SUMMARY:drop-in (crisis-worker)',
  'LOCATION:Nottingham Crisis Sanctuary',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

export const OFFER_EXAMPLES: Record<string, OperationExample> = {
  sendOffers: {
    request: { mode: 'cascade', ttlMinutes: 120 },
    response: {
      offers: [{ offerId: 'of-7c2e', status: 'open', places: [offerPlace], offeredTo: ['s-zofia-nowak', 's-dan-mcallister'], excluded: [] }],
      notSent: [],
    },
  },
  offerSeries: {
    request: {
      mode: 'broadcast',
      ttlMinutes: 1440,
      places: [
        { rotaId: ROTA, slotId: 'group@2026-11-24', roleId: 'facilitator' },
        { rotaId: 'a1b2c3d4-0000-4000-8000-000000000002', slotId: 'group@2026-12-01', roleId: 'facilitator' },
      ],
    },
    response: {
      offerId: 'of-series-19',
      status: 'open',
      places: [
        { slotId: 'group@2026-11-24', roleId: 'facilitator' },
        { slotId: 'group@2026-12-01', roleId: 'facilitator' },
      ],
      offeredTo: ['s-zofia-nowak'],
      excluded: [{ staffId: 's-dan-mcallister', name: 'Dan McAllister', reasons: ['on leave 2026-12-01'] }],
    },
  },
  listRotaOffers: {
    response: [
      {
        offerId: 'of-7c2e',
        mode: 'cascade',
        status: 'accepted',
        ttlMinutes: 120,
        winner: 's-zofia-nowak',
        createdAt: AT,
        closedAt: '2026-11-20T09:41:00.000Z',
        createdBy: MANAGER,
        places: [{ ...offerPlace, label: 'Thu 26 Nov drop-in 17:30-00:30' }],
        invites: [{ staffId: 's-zofia-nowak', rank: 1, status: 'accepted' }],
        history: [
          { type: 'offered', staffId: 's-zofia-nowak', at: AT, reason: null, by: MANAGER },
          { type: 'accepted', staffId: 's-zofia-nowak', at: '2026-11-20T09:41:00.000Z', reason: null, by: 'Zofia Nowak (worker org-nottingham-sanctuary/s-zofia-nowak, token 7)' },
        ],
      },
    ],
  },
  withdrawOffer: { request: { reason: 'filled by a contracted worker' }, response: { offerId: 'of-7c2e', status: 'withdrawn', assignmentIds: [] } },
  listMyOffers: { response: [myOffer] },
  getMyOffer: { response: { ...myOffer, state: 'accepted', expiresAt: null, assignmentIds: [57] } },
  acceptOffer: { response: accepted },
  declineOffer: { request: { reason: 'working elsewhere that evening' }, response: { offerId: 'of-7c2e', status: 'declined', assignmentIds: [] } },
  createCalendarFeed: { request: { replace: true }, response: { path: '/calendar/Xq3v9mPz0aL2b7kD1eR8tY6uW4sN5cH2/feed.ics' } },
  calendarFeed: { response: ics },
  myCalendar: { response: ics },
};

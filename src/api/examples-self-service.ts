// Examples for the self-service operations (swaps, the open sessions board, leave and availability
// requests, the fairness ledger), by operationId; spread into EXAMPLES by src/api/examples.ts.
import type { OperationExample } from './examples.ts';

const SERVICE = 'org-nottingham-sanctuary';
const ROTA = '3f6c1d2a-8b9e-4c1f-9a57-0d2e6b7c8a91';
const NEXT_ROTA = '8a1b2c3d-4e5f-4a6b-9c7d-0e1f2a3b4c5d';
const AT = '2026-11-20T09:15:00.000Z';
const SWAP = '6d0f3c8e-2b7a-4e91-8f55-1c2d3e4f5a6b';
const OPEN = 'b2e4c6a8-1d3f-4a5b-8c7d-9e0f1a2b3c4d';
const REQUEST = 'c9d8e7f6-a5b4-4c3d-9e2f-1a0b9c8d7e6f';

const zofia = { staffId: 's-zofia-nowak', name: 'Zofia Nowak' };
const grace = { staffId: 's-grace-okafor', name: 'Grace Okafor' };
const thursday = {
  rotaId: ROTA,
  assignmentId: 41,
  slotId: 'dropin@2026-11-26',
  roleId: 'crisis-worker',
  label: 'Thu 26 Nov drop-in 17:30-00:30 at Nottingham Crisis Sanctuary',
  start: '2026-11-26T17:30:00.000Z',
  end: '2026-11-27T00:30:00.000Z',
};
const saturday = {
  rotaId: ROTA,
  assignmentId: 44,
  slotId: 'dropin@2026-11-28',
  roleId: 'crisis-worker',
  label: 'Sat 28 Nov drop-in 17:30-00:30 at Nottingham Crisis Sanctuary',
  start: '2026-11-28T17:30:00.000Z',
  end: '2026-11-29T00:30:00.000Z',
};
const swap = {
  id: SWAP,
  kind: 'swap',
  status: 'offered',
  from: zofia,
  to: grace,
  taker: null,
  place: thursday,
  inReturn: saturday,
  note: 'my sister is visiting on Thursday',
  softDelta: 0,
  autoApproved: false,
  decisionReason: null,
  createdAt: AT,
  acceptedAt: null,
  decidedAt: null,
};
const accepted = { ...swap, status: 'accepted', taker: grace, acceptedAt: '2026-11-20T10:02:00.000Z' };
const approved = { ...accepted, status: 'approved', decisionReason: 'fine by me', decidedAt: '2026-11-20T11:30:00.000Z' };
const swapInput = { assignmentId: 41, toStaffId: 's-grace-okafor', forAssignmentId: 44, note: 'my sister is visiting on Thursday' };

const openPlace = {
  rotaId: NEXT_ROTA,
  slotId: 'dropin@2026-12-03',
  roleId: 'crisis-worker',
  label: 'Thu 3 Dec drop-in 17:30-00:30 at Nottingham Crisis Sanctuary',
  start: '2026-12-03T17:30:00.000Z',
  end: '2026-12-04T00:30:00.000Z',
  siteId: 'sanctuary',
  workMinutes: 420,
  open: 1,
  softDelta: -9000,
  requestId: null,
};
const openRequest = {
  id: OPEN,
  rotaId: NEXT_ROTA,
  slotId: openPlace.slotId,
  roleId: openPlace.roleId,
  label: openPlace.label,
  start: openPlace.start,
  end: openPlace.end,
  staffId: 's-zofia-nowak',
  name: 'Zofia Nowak',
  status: 'requested',
  note: 'I can stay late for the handover',
  requestedAt: AT,
  decidedAt: null,
  decisionReason: null,
  autoApproved: false,
  assignmentId: null,
};

const leaveRequest = {
  id: REQUEST,
  staffId: 's-zofia-nowak',
  name: 'Zofia Nowak',
  kind: 'leave',
  leaveKind: 'annual',
  from: '2026-12-21',
  to: '2026-12-27',
  startTime: null,
  endTime: null,
  availability: null,
  note: 'family at Christmas',
  status: 'pending',
  createdAt: AT,
  decidedAt: null,
  decisionReason: null,
  absenceId: null,
};
const clash = {
  assignmentId: 63,
  rotaId: NEXT_ROTA,
  slotId: 'dropin@2026-12-24',
  roleId: 'crisis-worker',
  label: 'Thu 24 Dec drop-in 17:30-00:30 at Nottingham Crisis Sanctuary',
  start: '2026-12-24T17:30:00.000Z',
  end: '2026-12-25T00:30:00.000Z',
  breach: 'Zofia Nowak: on leave for 7 h of Thu 24 Dec drop-in 17:30-00:30 at Nottingham Crisis Sanctuary',
  cover: {
    words: 'add Grace Okafor to Thu 24 Dec drop-in 17:30-00:30 (crisis-worker)',
    remove: [],
    add: [{ slotId: 'dropin@2026-12-24', roleId: 'crisis-worker', workerId: 's-grace-okafor' }],
    delta: { hard: -1000, soft: 2400 },
  },
  coverNote: null,
};

const counts = { weekends: 14, bankHolidays: 2, lates: 31, nights: 0, christmas: 2 };
const leagueRow = {
  staffId: 's-zofia-nowak',
  name: 'Zofia Nowak',
  kind: 'bank',
  counts,
  worked: { ...counts, weekends: 11 },
  adjusted: { weekends: 3, bankHolidays: 0, lates: 0, nights: 0, christmas: 0 },
  total: 49,
  resets: {},
};
const window = { from: '2025-11-20T00:00:00.000Z', to: AT, fromDate: '2025-11-20', toDate: AT.slice(0, 10) };
const settings = { swapAutoApprove: true, swapMaxSoftRise: 500, openAutoApprove: false };

export const SELF_SERVICE_EXAMPLES: Record<string, OperationExample> = {
  listSwapColleagues: { response: [{ ...grace, places: [{ ...saturday }] }] },
  previewSwap: {
    request: swapInput,
    response: { ok: true, kind: 'swap', breaches: [], softDelta: 0, eligibleCount: null, wouldAutoApprove: true },
  },
  offerSwap: { request: swapInput, response: swap },
  listMySwaps: { response: [swap] },
  acceptSwap: { response: accepted },
  declineSwap: { request: { reason: 'I am away that weekend' }, response: { ...swap, status: 'declined', decisionReason: 'I am away that weekend', decidedAt: '2026-11-20T10:02:00.000Z' } },
  withdrawSwap: { request: { reason: 'sorted it another way' }, response: { ...swap, status: 'withdrawn', decisionReason: 'sorted it another way', decidedAt: '2026-11-20T10:02:00.000Z' } },
  listServiceSwaps: { response: [{ ...accepted, invited: [grace] }] },
  approveSwap: { request: { reason: 'fine by me' }, response: { ...approved, invited: [grace] } },
  rejectSwap: {
    request: { reason: 'Grace is needed as lead on Saturday' },
    response: { ...accepted, status: 'rejected', decisionReason: 'Grace is needed as lead on Saturday', decidedAt: '2026-11-20T11:30:00.000Z', invited: [grace] },
  },
  listOpenSessions: { response: [openPlace] },
  listMyOpenRequests: { response: [openRequest] },
  requestOpenSession: { request: { rotaId: NEXT_ROTA, slotId: openPlace.slotId, roleId: 'crisis-worker', note: 'I can stay late for the handover' }, response: openRequest },
  withdrawOpenRequest: { response: { ...openRequest, status: 'withdrawn', decidedAt: '2026-11-20T10:00:00.000Z' } },
  listServiceOpenRequests: { response: [{ ...openRequest, rank: 1, blocks: [] }] },
  approveOpenRequest: {
    request: { reason: 'thanks, Zofia' },
    response: { ...openRequest, status: 'approved', decidedAt: '2026-11-20T11:30:00.000Z', decisionReason: 'thanks, Zofia', assignmentId: 77 },
  },
  declineOpenRequest: {
    request: { reason: 'a contracted worker is covering it' },
    response: { ...openRequest, status: 'declined', decidedAt: '2026-11-20T11:30:00.000Z', decisionReason: 'a contracted worker is covering it' },
  },
  listMyStaffRequests: { response: [leaveRequest] },
  createStaffRequest: { request: { kind: 'leave', leaveKind: 'annual', from: '2026-12-21', to: '2026-12-27', note: 'family at Christmas' }, response: leaveRequest },
  withdrawStaffRequest: { response: { ...leaveRequest, status: 'withdrawn', decidedAt: '2026-11-20T10:00:00.000Z' } },
  listServiceStaffRequests: { response: [{ ...leaveRequest, clashes: [] }] },
  approveStaffRequest: {
    request: { reason: 'enjoy it' },
    response: { ...leaveRequest, status: 'approved', decidedAt: '2026-11-20T11:30:00.000Z', decisionReason: 'enjoy it', absenceId: 'req-c9d8e7f6', clashes: [clash] },
  },
  declineStaffRequest: {
    request: { reason: 'three of the team are already off that week' },
    response: { ...leaveRequest, status: 'declined', decidedAt: '2026-11-20T11:30:00.000Z', decisionReason: 'three of the team are already off that week', clashes: [] },
  },
  listLeaveClashes: {
    response: {
      serviceId: SERVICE,
      from: AT,
      to: '2027-05-22T09:15:00.000Z',
      clashes: [
        {
          ...clash,
          staffId: 's-zofia-nowak',
          name: 'Zofia Nowak',
          weekStart: '2026-12-21',
          leave: { id: 'req-c9d8e7f6', kind: 'leave', from: '2026-12-21', to: '2026-12-27', startTime: null, endTime: null, requestId: REQUEST },
        },
      ],
      notExamined: 0,
    },
  },
  getMyFairness: {
    response: {
      ...window,
      counts,
      spread: Object.fromEntries(Object.keys(counts).map((c) => [c, { lowest: 0, median: 2, highest: 14, average: 3.5 }])),
      staffCounted: 12,
    },
  },
  getFairnessLeague: { response: { serviceId: SERVICE, ...window, categories: Object.keys(counts), rows: [leagueRow] } },
  adjustFairness: { request: { staffId: 's-zofia-nowak', category: 'weekends', delta: 3, reason: 'weekends worked at her last service' }, response: leagueRow },
  resetFairness: {
    request: { staffId: 's-zofia-nowak', categories: ['weekends'], reason: 'back from a career break' },
    response: { ...leagueRow, counts: { ...counts, weekends: 0 }, worked: { ...counts, weekends: 0 }, adjusted: { ...leagueRow.adjusted, weekends: 0 }, total: 35, resets: { weekends: AT } },
  },
  getFairnessHistory: {
    response: [
      { id: 412, at: AT, actor: 'Jo Bloggs (manager, token 3)', kind: 'reset', staff: [{ staffId: 's-zofia-nowak', name: 'Zofia Nowak' }], categories: ['weekends'], delta: null, value: null, reason: 'back from a career break' },
      { id: 398, at: '2026-11-02T09:15:00.000Z', actor: 'Jo Bloggs (manager, token 3)', kind: 'set', staff: [{ staffId: 's-zofia-nowak', name: 'Zofia Nowak' }], categories: ['christmas'], delta: null, value: 2, reason: 'worked both Christmas days at her last service' },
      { id: 371, at: '2026-10-01T08:00:00.000Z', actor: 'Jo Bloggs (manager, token 3)', kind: 'reset', staff: null, categories: ['weekends', 'bankHolidays', 'lates', 'nights', 'christmas'], delta: null, value: null, reason: 'new rota pattern from October' },
    ],
  },
  getSelfServiceSettings: { response: settings },
  putSelfServiceSettings: { request: { swapAutoApprove: true, swapMaxSoftRise: 500 }, response: settings },
};

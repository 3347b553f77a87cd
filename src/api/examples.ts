// Examples for the OpenAPI document, by operationId: a request body and/or the main success answer.
// The docs plugin puts them into the served document; test/api/openapi.test.ts checks every
// operation has one and that each validates against the schema it illustrates.
import { AT, MANAGER, ROTA, SERVICE, SLOT, offerPlace, where } from './examples-common.ts';
import { OFFER_EXAMPLES } from './examples-offers.ts';
import { SELF_SERVICE_EXAMPLES } from './examples-self-service.ts';
import { SERVICE_EXAMPLES } from './examples-services.ts';
import { WEB_EXAMPLES } from './web-examples.ts';

export interface OperationExample {
  /** The request body. */
  request?: unknown;
  /** The first success answer (200, 201 or 202). */
  response?: unknown;
}

const summary = {
  id: ROTA,
  serviceId: SERVICE,
  weekStart: '2026-11-23',
  status: 'done',
  published: false,
  publishedAt: null,
  score: { hard: 0, soft: 4179 },
  feasible: true,
  // What the engine proved: no rota of the week scores below 4102, so this one is within 1.84% of the best.
  quality: { status: 'gap', lowerBound: { hard: 0, soft: 4102 }, gapPercent: 1.84 },
  createdAt: AT,
  updatedAt: AT,
};
const assignment = {
  id: 41,
  slotId: SLOT,
  slotLabel: 'Thu 26 Nov drop-in 17:30-00:30 at Nottingham Crisis Sanctuary',
  roleId: 'crisis-worker',
  staffId: 's-zofia-nowak',
  staffName: 'Zofia Nowak',
  start: '2026-11-26T17:30:00.000Z',
  end: '2026-11-27T00:30:00.000Z',
  startMin: 29406810,
  endMin: 29407230,
  workMinutes: 420,
  pinned: true,
  source: 'manual',
  published: false,
  overridden: false,
  note: 'covering sickness',
};
/** Where and when a worker's own place is, in the service's words (GET /me/assignments). */
const outcome = {
  sessionId: `${ROTA}/${SLOT}`,
  rotaId: ROTA,
  slotId: SLOT,
  staffId: 's-zofia-nowak',
  kind: 'drop-in',
  status: 'worked',
  reason: null,
  actualStartMin: 29406810,
  actualEndMin: 29407260,
  note: 'stayed 30 minutes late for a handover',
  recordedAt: AT,
  recordedBy: MANAGER,
  signedOffAt: null,
  signedOffBy: null,
};
const settings = {
  serviceId: SERVICE,
  frequency: 'monthly',
  anchorDate: '2026-01-01',
  nightStartMinute: 1380,
  nightEndMinute: 360,
  holidayMode: 'accrual',
  configured: true,
};
export const EXAMPLES: Record<string, OperationExample> = {
  ...WEB_EXAMPLES,
  ...SERVICE_EXAMPLES,
  // rotas
  createRota: { request: { serviceId: SERVICE, weekStart: '2026-11-23', seed: 7 }, response: { ...summary, status: 'queued', score: null, feasible: null, quality: null } },
  listRotas: { response: [summary] },
  getRota: {
    response: {
      ...summary,
      progress: null,
      error: null,
      slots: [
        {
          id: SLOT,
          label: 'Thu 26 Nov drop-in 17:30-00:30 at Nottingham Crisis Sanctuary',
          templateId: 'dropin',
          kind: 'drop-in',
          siteId: 'sanctuary',
          siteName: 'Nottingham Crisis Sanctuary',
          date: '2026-11-26',
          localStart: '17:30',
          localEnd: '00:30',
          startIso: '2026-11-26T17:30:00.000Z',
          endIso: '2026-11-27T00:30:00.000Z',
          startMin: 29406810,
          endMin: 29407230,
          workMinutes: 420,
          isBankHoliday: false,
          roles: [{ roleId: 'crisis-worker', min: 2, preferred: 3, max: 3, skills: ['safeguarding-l3'] }],
        },
      ],
      assignments: [assignment],
      hoursByStaff: [{ staffId: 's-zofia-nowak', staffName: 'Zofia Nowak', places: 1, workMinutes: 420 }],
      unfilled: [
        {
          slotId: SLOT,
          slotLabel: 'Thu 26 Nov drop-in 17:30-00:30 at Nottingham Crisis Sanctuary',
          roleId: 'crisis-worker',
          missing: 1,
          level: 'hard',
          reasons: [{ workerId: 's-liam-walsh', workerName: 'Liam Walsh', blocks: ['on leave 2026-11-26'] }],
        },
      ],
      scoreByConstraint: [{ id: 'cost.pay', name: 'Pay for the hours worked', level: 'soft', weight: 1, total: 1776, matches: [] }],
      solveRuns: [
        {
          id: 3,
          kind: 'generate',
          status: 'done',
          inputHash: '9f2c41d0a6b3e8f7c5d4b2a1908e7f6d5c4b3a29180f7e6d5c4b3a2918e7f6d5',
          seed: 7,
          weights: null,
          timeLimitMs: 10000,
          maxMoves: null,
          startedAt: AT,
          durationMs: 10012,
          score: { hard: 0, soft: 4179 },
          moves: 182344,
          quality: { status: 'gap', lowerBound: { hard: 0, soft: 4102 }, gapPercent: 1.84 },
          stages: [
            { stage: 'allocation loop', ms: 2950, outcome: '182344 moves, 0 hard / 4210 soft' },
            { stage: 'whole model', ms: 5010, outcome: '2310 binaries: feasible, bound 4102' },
            { stage: 'MILP neighbourhoods', ms: 1550, outcome: '6 neighbourhoods, 1 better' },
          ],
          error: null,
        },
      ],
    },
  },
  addAssignment: {
    request: { slotId: SLOT, roleId: 'crisis-worker', staffId: 's-zofia-nowak', reason: 'covering sickness' },
    response: assignment,
  },
  changeAssignment: { request: { staffId: 's-grace-okafor', reason: 'swap agreed with Zofia' }, response: { ...assignment, staffId: 's-grace-okafor', staffName: 'Grace Okafor' } },
  removeAssignment: { request: { reason: 'no longer needed: session cancelled' }, response: { deleted: true } },
  pinAssignment: { request: { reason: 'keep Zofia on this session' }, response: assignment },
  unpinAssignment: { request: {}, response: { ...assignment, pinned: false } },
  replanRota: { request: { reason: 'two workers off sick', seed: 11 }, response: { ...summary, status: 'queued' } },
  watchRota: {
    response:
      'retry: 2000\n\n' +
      'event: progress\ndata: {"rotaId":"3f6c1d2a-8b9e-4c1f-9a57-0d2e6b7c8a91","status":"running","kind":"generate","best":{"hard":0,"soft":4410},"moves":350000,"elapsedMs":3200,"fraction":0.32,"timeLimitMs":10000,"timeLeftMs":6800,"stop":null,"feasible":null,"error":null}\n\n' +
      'event: done\ndata: {"rotaId":"3f6c1d2a-8b9e-4c1f-9a57-0d2e6b7c8a91","status":"done","kind":null,"best":{"hard":0,"soft":4179},"moves":null,"elapsedMs":null,"fraction":null,"timeLimitMs":10000,"timeLeftMs":null,"stop":null,"feasible":true,"error":null}\n\n',
  },
  stopRota: {
    request: { reason: 'good enough for now' },
    response: {
      rotaId: ROTA,
      status: 'running',
      kind: 'generate',
      best: { hard: 0, soft: 4410 },
      moves: 350000,
      elapsedMs: 3200,
      fraction: 0.32,
      timeLimitMs: 10000,
      timeLeftMs: 0,
      stop: { by: MANAGER, at: AT },
      feasible: null,
      error: null,
    },
  },
  changePlaces: {
    request: {
      remove: [41],
      add: [{ slotId: 'dropin@2026-11-27', roleId: 'crisis-worker', staffId: 's-zofia-nowak' }],
      reason: 'Zofia moves to Friday to cover sickness',
      dryRun: true,
    },
    response: {
      dryRun: true,
      applied: false,
      breaches: ['Zofia Nowak: 10 h 30 min of rest between Thu 26 Nov 22:30 and Fri 27 Nov 09:00, under the 11 h minimum'],
      refusal:
        'this change breaks a hard rule: Zofia Nowak: 10 h 30 min of rest between Thu 26 Nov 22:30 and Fri 27 Nov 09:00, under the 11 h minimum. Send "override": true to make it anyway.',
      removed: [],
      added: [],
    },
  },
  publishRota: {
    request: { note: 'week of 23 November', bankPlaces: 'offer', offerMode: 'cascade', offerTtlMinutes: 720 },
    response: {
      ...summary,
      published: true,
      publishedAt: AT,
      publishing: {
        changed: true,
        placesPublished: 15,
        offers: [{ offerId: 'of-7c2e', places: [offerPlace], offeredTo: ['s-zofia-nowak', 's-dan-mcallister'] }],
        notSent: [],
        toOffer: 0,
        overriddenBreaches: [],
      },
    },
  },

  // tokens, me, audit
  getMe: { response: { tokenId: 7, role: 'worker', name: 'Zofia Nowak', serviceId: SERVICE, staffId: 's-zofia-nowak' } },
  listMyAssignments: {
    response: [
      {
        ...assignment,
        ...where,
        id: null,
        slotId: 'dropin@2026-11-27',
        slotLabel: 'Fri 27 Nov drop-in 17:30-00:30 at Nottingham Crisis Sanctuary',
        start: '2026-11-27T17:30:00.000Z',
        end: '2026-11-28T00:30:00.000Z',
        startMin: 29930010,
        endMin: 29930430,
        date: '2026-11-27',
        kind: null,
        published: false,
        note: null,
        offerId: 'of-8d1a',
        bankState: 'offered',
        ended: false,
      },
      { ...assignment, ...where, source: 'offer', published: true, note: null, offerId: null, bankState: 'accepted' },
    ],
  },
  createToken: {
    request: { role: 'manager', name: 'Jo Bloggs', label: 'office laptop', expiresInDays: 30 },
    response: { id: 3, token: 'fzDIFRYa1VWD48hsGsq3GxqrNNk9hyUN8Pldyr_xxqk', role: 'manager', name: 'Jo Bloggs', expiresAt: '2026-12-20T09:15:00.000Z' },
  },
  listTokens: {
    response: [
      {
        id: 7,
        role: 'worker',
        name: null,
        serviceId: SERVICE,
        staffId: 's-zofia-nowak',
        label: 'phone',
        createdAt: AT,
        createdBy: MANAGER,
        expiresAt: '2027-02-18T09:15:00.000Z',
        revokedAt: null,
        state: 'active',
      },
    ],
  },
  revokeToken: { response: { revoked: true, feedsRevoked: 0, feedsRemaining: 1 } },
  listAudit: {
    response: [
      {
        id: 912,
        at: AT,
        actor: MANAGER,
        actorTokenId: 3,
        action: 'assignment.change',
        entity: 'rota',
        entityId: ROTA,
        serviceId: SERVICE,
        reason: 'swap agreed with Zofia',
        details: { assignmentId: 41, from: 's-zofia-nowak', to: 's-grace-okafor' },
      },
    ],
  },

  // payroll
  recordOutcome: {
    request: {
      rotaId: ROTA,
      slotId: SLOT,
      staffId: 's-zofia-nowak',
      status: 'worked',
      actualStart: '2026-11-26T17:30:00+00:00',
      actualEnd: '2026-11-27T01:00:00+00:00',
      note: 'stayed 30 minutes late for a handover',
    },
    response: outcome,
  },
  signOff: {
    request: { places: [{ rotaId: ROTA, slotId: SLOT, staffId: 's-zofia-nowak' }] },
    response: [{ ...outcome, signedOffAt: AT, signedOffBy: MANAGER }],
  },
  exportPayroll: {
    response:
      'lineType,workerId,workerName,sessionId,...\r\nsession,s-zofia-nowak,Zofia Nowak,3f6c1d2a-8b9e-4c1f-9a57-0d2e6b7c8a91/dropin@2026-11-26,...\r\n',
  },
  lockPayPeriod: {
    request: { allowPending: false },
    response: { serviceId: SERVICE, periodId: '2026-11-01', startDate: '2026-11-01', endDate: '2026-12-01', lockedAt: AT, lines: 212, pending: [] },
  },
  getPayrollSettings: { response: settings },
  putPayrollSettings: {
    request: { frequency: 'monthly', anchorDate: '2026-01-01', nightStartMinute: 1380, nightEndMinute: 360, holidayMode: 'accrual' },
    response: settings,
  },

  ...OFFER_EXAMPLES,
  ...SELF_SERVICE_EXAMPLES,
};

// OpenAPI examples of services and their staff, sites and templates, by operationId (see examples.ts).
import type { OperationExample } from './examples.ts';
import { AT, MANAGER, SERVICE } from './examples-common.ts';

const staffMember = {
  id: 's-zofia-nowak',
  name: 'Zofia Nowak',
  kind: 'bank',
  roles: ['crisis-worker'],
  skills: [{ skillId: 'safeguarding-l3', validUntil: '2027-03-31' }],
  costPencePerHour: 1450,
};
const site = { id: 'sanctuary', name: 'Nottingham Crisis Sanctuary', address: '1 Example Street, Nottingham', travelMinutes: { 'hub-2': 15 } };
const template = {
  id: 'dropin',
  name: 'Evening drop-in',
  kind: 'drop-in',
  siteId: 'sanctuary',
  startTime: '17:30',
  endTime: '00:30',
  rrule: 'FREQ=WEEKLY;BYDAY=TH,FR,SA,SU',
  demand: [
    { roleId: 'project-worker', min: 1, preferred: 1, max: 1 },
    { roleId: 'crisis-worker', min: 2, preferred: 3, max: 3, skills: ['safeguarding-l3'] },
  ],
};
const availability = {
  windows: [{ rrule: 'FREQ=WEEKLY;BYDAY=TH,FR', startTime: '17:00', endTime: '01:00' }],
  exceptions: [{ date: '2026-12-24', available: false }],
};
const absence = { id: 'leave-2026-12-21', kind: 'leave', from: '2026-12-21', to: '2026-12-27', approvedBy: 'Jo Bloggs' };
export const SERVICE_EXAMPLES: Record<string, OperationExample> = {
  // services
  importService: {
    request: {
      formatVersion: 1,
      organisation: { id: SERVICE, name: 'Nottingham Crisis Sanctuary' },
      timeZone: 'Europe/London',
      sites: [{ id: 'sanctuary', name: 'Nottingham Crisis Sanctuary' }],
      roles: [
        { id: 'project-worker', name: 'Project worker' },
        { id: 'crisis-worker', name: 'Crisis and recovery worker' },
      ],
      skills: [{ id: 'safeguarding-l3', name: 'Safeguarding level 3', kind: 'training' }],
      staff: [staffMember],
      templates: [{ ...template, demand: [{ roleId: 'crisis-worker', min: 1, preferred: 2, max: 2 }] }],
    },
    response: {
      serviceId: SERVICE,
      report: {
        service: { created: 0, updated: 0, unchanged: 1 },
        staff: { created: 1, updated: 2, unchanged: 11 },
        templates: { created: 0, updated: 0, unchanged: 3 },
      },
    },
  },
  listServices: {
    response: [{ id: SERVICE, name: 'Nottingham Crisis Sanctuary', timeZone: 'Europe/London', counts: { sites: 1, staff: 14, templates: 3 } }],
  },
  exportServiceFile: {
    response: {
      formatVersion: 1,
      organisation: { id: SERVICE, name: 'Nottingham Crisis Sanctuary' },
      timeZone: 'Europe/London',
      sites: [site],
      roles: [{ id: 'crisis-worker', name: 'Crisis and recovery worker' }],
      skills: [{ id: 'safeguarding-l3', name: 'Safeguarding level 3' }],
      staff: [staffMember],
      templates: [{ ...template, siteId: 'sanctuary', demand: [{ roleId: 'crisis-worker', min: 1, preferred: 2, max: 2 }] }],
    },
  },
  listArchived: {
    response: [{ kind: 'staff', id: 's-dan-mcallister', name: 'Dan McAllister', archivedAt: AT, archivedBy: MANAGER }],
  },
  health: { response: { ok: true } },

  // staff, sites, templates
  listStaff: { response: [staffMember] },
  createStaffMember: { request: staffMember, response: staffMember },
  getStaffMember: { response: staffMember },
  replaceStaffMember: { request: { ...staffMember, costPencePerHour: 1500 }, response: { ...staffMember, costPencePerHour: 1500 } },
  removeStaffMember: {
    response: {
      deleted: false,
      archived: true,
      heldBy: { publishedAssignments: 12, acceptedOffers: 3, tokens: 1, swaps: 2 },
      revoked: { tokens: 1, calendarFeeds: 1, offerInvites: 0, selfService: 1 },
    },
  },
  restoreStaffMember: { response: staffMember },
  listSites: { response: [site] },
  createSite: { request: site, response: site },
  getSite: { response: site },
  replaceSite: { request: { ...site, address: '2 Example Street, Nottingham' }, response: { ...site, address: '2 Example Street, Nottingham' } },
  removeSite: { response: { deleted: true, archived: false, heldBy: {} } },
  restoreSite: { response: site },
  listTemplates: { response: [template] },
  createTemplate: { request: template, response: template },
  getTemplate: { response: template },
  replaceTemplate: { request: { ...template, startTime: '18:00' }, response: { ...template, startTime: '18:00' } },
  removeTemplate: { response: { deleted: false, archived: true, heldBy: { publishedAssignments: 48, payrollOutcomes: 40 } } },
  restoreTemplate: { response: template },
  listQualifications: { response: staffMember.skills },
  putQualification: {
    request: { validFrom: '2026-04-01', validUntil: '2029-03-31', reference: 'AMHP-2291' },
    response: [{ skillId: 'amhp', validFrom: '2026-04-01', validUntil: '2029-03-31', reference: 'AMHP-2291' }],
  },
  removeQualification: { response: { deleted: true } },
  getAvailability: { response: availability },
  putAvailability: { request: availability, response: availability },
  removeAvailability: { response: { deleted: true } },
  listLeave: { response: [absence] },
  addLeave: { request: { kind: 'leave', from: '2026-12-21', to: '2026-12-27', approvedBy: 'Jo Bloggs' }, response: absence },
  replaceLeave: { request: { kind: 'leave', from: '2026-12-22', to: '2026-12-27' }, response: { ...absence, from: '2026-12-22' } },
  removeLeave: { response: { deleted: true } },
};

// Staff members and their qualifications (with expiry), availability and leave.
import type { AbsenceDef, AvailabilityDef, SkillHoldingDef } from '../../service-file/types.ts';
import { idParams, type RoutePlugin } from '../context.ts';
import { errors, fileRef, ref } from '../schemas.ts';
import { itemRoutes } from './items.ts';

type StaffP = { serviceId: string; staffId: string };
const SELF_OR_MANAGER = ['manager', 'worker:self'] as const;

export const staffRoutes: RoutePlugin = async (app) => {
  await app.register(
    itemRoutes({
      kind: 'staff',
      tag: 'staff',
      param: 'staffId',
      definition: 'StaffMember',
      many: 'Staff',
      one: 'StaffMember',
      noun: 'staff member',
      readList: ['manager', 'payroll'],
      readOne: ['manager', 'payroll', 'worker:self'],
    }),
  );

};

/** What a staff member holds: skills, approvals and licences with their validity. */
export const qualificationRoutes: RoutePlugin = async (app) => {
  app.get<{ Params: StaffP }>('/services/:serviceId/staff/:staffId/qualifications', {
    config: { access: SELF_OR_MANAGER },
    schema: {
      tags: ['staff'],
      summary: "A staff member's qualifications and approvals, with validity", operationId: 'listQualifications', description: 'Skills, approvals and licences with their validity dates. A worker may read only their own.',
      params: idParams('serviceId', 'staffId'),
      response: { 200: { type: 'array', items: fileRef('SkillHolding') }, ...errors(404) },
    },
    handler: async (request) => app.ctx.data.qualifications(request.params.serviceId, request.params.staffId),
  });

  app.put<{ Params: StaffP & { skillId: string }; Body: Omit<SkillHoldingDef, 'skillId'> }>(
    '/services/:serviceId/staff/:staffId/qualifications/:skillId',
    {
      config: { access: ['manager'] },
      schema: {
        tags: ['staff'],
        summary: 'Set (add or renew) the holding of one skill', operationId: 'putQualification', description: 'Replaces any earlier holding of the skill, e.g. a renewed approval with a new validUntil. Checked against the whole service (the skill must exist).',
        params: idParams('serviceId', 'staffId', 'skillId'),
        body: ref('services', 'QualificationBody'),
        response: { 200: { type: 'array', items: fileRef('SkillHolding') }, ...errors(404, 413) },
      },
      handler: async (request) => {
        const { serviceId, staffId, skillId } = request.params;
        return app.ctx.data.putQualification(app.actorOf(request), serviceId, staffId, skillId, request.body);
      },
    },
  );

  app.delete<{ Params: StaffP & { skillId: string } }>('/services/:serviceId/staff/:staffId/qualifications/:skillId', {
    config: { access: ['manager'] },
    schema: {
      tags: ['staff'],
      summary: 'Remove a qualification', operationId: 'removeQualification', description: 'The staff member no longer holds the skill; sessions that need it will not be given to them.',
      params: idParams('serviceId', 'staffId', 'skillId'),
      response: { 200: ref('common', 'Deleted'), ...errors(404) },
    },
    handler: async (request) => {
      const { serviceId, staffId, skillId } = request.params;
      app.ctx.data.removeQualification(app.actorOf(request), serviceId, staffId, skillId);
      return { deleted: true };
    },
  });
};

/** When a staff member can work: their weekly pattern. */
export const availabilityRoutes: RoutePlugin = async (app) => {
  app.get<{ Params: StaffP }>('/services/:serviceId/staff/:staffId/availability', {
    config: { access: SELF_OR_MANAGER },
    schema: {
      tags: ['staff'],
      summary: 'Recurring availability (null: always available)', operationId: 'getAvailability', description: 'Availability windows as RRULEs with local times, and dated exceptions; null means always available. A worker may read only their own.',
      params: idParams('serviceId', 'staffId'),
      response: { 200: { anyOf: [fileRef('Availability'), { type: 'null' }] }, ...errors(404) },
    },
    handler: async (request) => app.ctx.data.availability(request.params.serviceId, request.params.staffId),
  });

  app.put<{ Params: StaffP; Body: AvailabilityDef }>('/services/:serviceId/staff/:staffId/availability', {
    config: { access: ['manager'] },
    schema: {
      tags: ['staff'],
      summary: 'Replace availability', operationId: 'putAvailability', description: 'Replaces every window and exception; each RRULE is checked.',
      params: idParams('serviceId', 'staffId'),
      body: fileRef('Availability'),
      response: { 200: fileRef('Availability'), ...errors(404, 413) },
    },
    handler: async (request) =>
      app.ctx.data.putAvailability(app.actorOf(request), request.params.serviceId, request.params.staffId, request.body),
  });

  app.delete<{ Params: StaffP }>('/services/:serviceId/staff/:staffId/availability', {
    config: { access: ['manager'] },
    schema: {
      tags: ['staff'],
      summary: 'Remove availability windows (always available again; leave still applies)', operationId: 'removeAvailability', description: 'Back to always available; leave and other absences still apply.',
      params: idParams('serviceId', 'staffId'),
      response: { 200: ref('common', 'Deleted'), ...errors(404) },
    },
    handler: async (request) => {
      app.ctx.data.removeAvailability(app.actorOf(request), request.params.serviceId, request.params.staffId);
      return { deleted: true };
    },
  });
};

/** Leave and other absences, each addressed by its id. */
export const leaveRoutes: RoutePlugin = async (app) => {
  const absence = fileRef('Absence');
  app.get<{ Params: StaffP }>('/services/:serviceId/staff/:staffId/leave', {
    config: { access: SELF_OR_MANAGER },
    schema: {
      tags: ['staff'],
      summary: 'Leave, sickness, training and other absences', operationId: 'listLeave', description: 'Every absence with its id, kind, dates and optional times. A worker may read only their own.',
      params: idParams('serviceId', 'staffId'),
      response: { 200: { type: 'array', items: absence }, ...errors(404) },
    },
    handler: async (request) => app.ctx.data.leave(request.params.serviceId, request.params.staffId),
  });

  app.post<{ Params: StaffP; Body: AbsenceDef }>('/services/:serviceId/staff/:staffId/leave', {
    config: { access: ['manager'] },
    schema: {
      tags: ['staff'],
      summary: 'Record approved leave or another absence', operationId: 'addLeave', description: 'Adds an absence (given an id if it has none) and answers 201 with a Location header. The staff member is not planned while absent.',
      params: idParams('serviceId', 'staffId'),
      body: absence,
      response: { 201: absence, ...errors(404, 409, 413) },
    },
    handler: async (request, reply) => {
      const { serviceId, staffId } = request.params;
      const created = app.ctx.data.addLeave(app.actorOf(request), serviceId, staffId, request.body);
      const where = `/services/${encodeURIComponent(serviceId)}/staff/${encodeURIComponent(staffId)}/leave/${encodeURIComponent(created.id)}`;
      return reply.status(201).header('location', where).send(created);
    },
  });

  app.put<{ Params: StaffP & { leaveId: string }; Body: AbsenceDef }>('/services/:serviceId/staff/:staffId/leave/:leaveId', {
    config: { access: ['manager'] },
    schema: {
      tags: ['staff'],
      summary: 'Change an absence', operationId: 'replaceLeave', description: 'Replaces the absence with this id.',
      params: idParams('serviceId', 'staffId', 'leaveId'),
      body: absence,
      response: { 200: absence, ...errors(404, 413) },
    },
    handler: async (request) => {
      const { serviceId, staffId, leaveId } = request.params;
      return app.ctx.data.replaceLeave(app.actorOf(request), serviceId, staffId, leaveId, request.body);
    },
  });

  app.delete<{ Params: StaffP & { leaveId: string } }>('/services/:serviceId/staff/:staffId/leave/:leaveId', {
    config: { access: ['manager'] },
    schema: {
      tags: ['staff'],
      summary: 'Remove an absence', operationId: 'removeLeave', description: 'The staff member can be planned on those dates again.',
      params: idParams('serviceId', 'staffId', 'leaveId'),
      response: { 200: ref('common', 'Deleted'), ...errors(404) },
    },
    handler: async (request) => {
      const { serviceId, staffId, leaveId } = request.params;
      app.ctx.data.removeLeave(app.actorOf(request), serviceId, staffId, leaveId);
      return { deleted: true };
    },
  });
};

// Importing service files and editing staff, qualifications, availability, leave, sites and templates.
import { afterEach, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from './helpers/app.ts';
import { sampleService } from './helpers/sample-service.ts';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.app.close();
  t = undefined;
});

const S = '/services/test-sanctuary';

describe('import', () => {
  it('re-importing the same file changes nothing; a changed file reports created/updated/unchanged', async () => {
    t = await testApp();
    const same = await t.call('manager', { method: 'POST', url: '/services/import', payload: sampleService() });
    expect(same.statusCode).toBe(200);
    const report = same.json().report as Record<string, { created: number; updated: number; unchanged: number }>;
    expect(report.staff).toEqual({ created: 0, updated: 0, unchanged: 5 });
    expect(Object.values(report).every((c) => c.created === 0 && c.updated === 0)).toBe(true);

    const changed = sampleService();
    changed.sites[1].name = 'The Annex';
    changed.staff.push({ id: 'gus', name: 'Gus', kind: 'bank', roles: ['support'], costPencePerHour: 1200 });
    const res = await t.call('manager', { method: 'POST', url: '/services/import', payload: changed });
    expect(res.json().report.sites).toEqual({ created: 0, updated: 1, unchanged: 1 });
    expect(res.json().report.staff).toEqual({ created: 1, updated: 0, unchanged: 5 });

    const exported = await t.call('manager', { method: 'GET', url: `${S}/file` });
    expect(exported.json()).toEqual(changed);

    // A brand-new service is created, and listed.
    const other = await t.call('manager', { method: 'POST', url: '/services/import', payload: sampleService('second-service') });
    expect(other.json().report.service).toEqual({ created: 1, updated: 0, unchanged: 0 });
    const list = (await t.call('payroll', { method: 'GET', url: '/services' })).json();
    expect(list.map((s: { id: string }) => s.id)).toEqual(['second-service', 'test-sanctuary']);
  });

  it('warns, without refusing, about date-ranged templates that leave a gap', async () => {
    t = await testApp();
    const file = sampleService();
    const dropIn = file.templates[0];
    file.templates = [
      { ...dropIn, id: 'drop-in', validUntil: '2027-03-31' },
      { ...dropIn, id: 'drop-in-summer', name: 'Summer drop-in', validFrom: '2027-05-01' },
    ];
    const res = await t.call('manager', { method: 'POST', url: '/services/import', payload: file });
    expect(res.statusCode).toBe(200);
    expect(res.json().warnings).toEqual([
      {
        path: 'templates[1].validFrom',
        message:
          'no drop-in sessions at Hub from Thu 1 Apr 2027 to Fri 30 Apr 2027 (30 days): "Evening drop-in" (drop-in) ends 2027-03-31 and ' +
          '"Summer drop-in" (drop-in-summer) starts 2027-05-01; check the dates, or add a template for the days between',
      },
    ]);
    const plain = await t.call('manager', { method: 'POST', url: '/services/import', payload: sampleService() });
    expect(plain.json().warnings).toEqual([]);
  });

  it('an invalid file is 400 naming each bad field, including broken references', async () => {
    t = await testApp();
    const bad = sampleService() as unknown as Record<string, any>;
    bad.staff[0].roles = ['no-such-role'];
    bad.templates[0].siteId = 'nowhere';
    const res = await t.call('manager', { method: 'POST', url: '/services/import', payload: bad });
    expect(res.statusCode).toBe(400);
    const paths = res.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['body.staff[0].roles[0]', 'body.templates[0].siteId']));

    const weights = sampleService();
    weights.rules = { weights: { cover: 10 } };
    const res3 = await t.call('manager', { method: 'POST', url: '/services/import', payload: weights });
    expect(res3.statusCode).toBe(400);
    expect(res3.json().errors[0].path).toBe('body.rules.weights["cover"]');

    const shape = sampleService() as unknown as Record<string, any>;
    delete shape.organisation.name;
    shape.staff[1].costPencePerHour = 'a lot';
    const res2 = await t.call('manager', { method: 'POST', url: '/services/import', payload: shape });
    expect(res2.statusCode).toBe(400);
    const paths2 = res2.json().errors.map((e: { path: string }) => e.path);
    expect(paths2).toEqual(expect.arrayContaining(['body.organisation.name', 'body.staff[1].costPencePerHour']));
  });
});

describe('editing parts of a service', () => {
  it('staff: create, read, replace, delete, with whole-file checks and audit', async () => {
    t = await testApp();
    const fay = { id: 'fay', name: 'Fay', kind: 'bank', roles: ['support'], costPencePerHour: 1250 };
    const created = await t.call('manager', { method: 'POST', url: `${S}/staff`, payload: fay });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toEqual(fay);
    expect((await t.call('manager', { method: 'POST', url: `${S}/staff`, payload: fay })).statusCode).toBe(409);

    const unknownRole = await t.call('manager', { method: 'PUT', url: `${S}/staff/fay`, payload: { ...fay, roles: ['chef'] } });
    expect(unknownRole.statusCode).toBe(400);
    expect(unknownRole.json().errors[0].path).toBe('body.roles[0]');

    const idMismatch = await t.call('manager', { method: 'PUT', url: `${S}/staff/fay`, payload: { ...fay, id: 'fae' } });
    expect(idMismatch.statusCode).toBe(400);

    const renamed = await t.call('manager', { method: 'PUT', url: `${S}/staff/fay?reason=married`, payload: { ...fay, name: 'Fay Jones' } });
    expect(renamed.json().name).toBe('Fay Jones');
    const list = (await t.call('manager', { method: 'GET', url: `${S}/staff` })).json();
    expect(list.map((s: { id: string }) => s.id)).toEqual(['ann', 'bob', 'cat', 'dan', 'eve', 'fay']);

    expect((await t.call('manager', { method: 'DELETE', url: `${S}/staff/fay?reason=left` })).statusCode).toBe(200);
    expect((await t.call('manager', { method: 'GET', url: `${S}/staff/fay` })).statusCode).toBe(404);

    const audit = (await t.call('manager', { method: 'GET', url: '/audit?entity=staff&entityId=fay' })).json();
    expect(audit.map((e: { action: string }) => e.action)).toEqual(['staff.delete', 'staff.update', 'staff.create']);
    expect(audit[0].reason).toBe('left');
    expect(audit[1].reason).toBe('married');
    expect(audit[2].reason).toBeNull();
    expect(audit[0].actor).toMatch(/^Mo Manager \(manager, token \d+\)$/);
  });

  it('qualifications with expiry, availability and leave', async () => {
    t = await testApp();
    const q = await t.call('manager', {
      method: 'PUT',
      url: `${S}/staff/cat/qualifications/driving`,
      payload: { validFrom: '2026-01-01', validUntil: '2031-01-01', reference: 'DVLA' },
    });
    expect(q.statusCode).toBe(200);
    expect(q.json()).toContainEqual({ skillId: 'driving', validFrom: '2026-01-01', validUntil: '2031-01-01', reference: 'DVLA' });
    expect(q.json().filter((h: { skillId: string }) => h.skillId === 'driving')).toHaveLength(1);
    const unknownSkill = await t.call('manager', { method: 'PUT', url: `${S}/staff/cat/qualifications/flying`, payload: {} });
    expect(unknownSkill.statusCode).toBe(400);
    const badDate = await t.call('manager', { method: 'PUT', url: `${S}/staff/cat/qualifications/driving`, payload: { validUntil: '31/01/2031' } });
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json().errors[0].path).toBe('body.validUntil');
    expect((await t.call('manager', { method: 'DELETE', url: `${S}/staff/cat/qualifications/driving` })).statusCode).toBe(200);
    expect((await t.call('manager', { method: 'DELETE', url: `${S}/staff/cat/qualifications/driving` })).statusCode).toBe(404);

    const availability = { windows: [{ rrule: 'FREQ=WEEKLY;BYDAY=MO', startTime: '09:00', endTime: '17:00' }] };
    const put = await t.call('manager', { method: 'PUT', url: `${S}/staff/eve/availability`, payload: availability });
    expect(put.json()).toEqual(availability);
    const badRule = await t.call('manager', {
      method: 'PUT',
      url: `${S}/staff/eve/availability`,
      payload: { windows: [{ rrule: 'FREQ=SOMETIMES', startTime: '09:00', endTime: '17:00' }] },
    });
    expect(badRule.statusCode).toBe(400);
    await t.call('manager', { method: 'DELETE', url: `${S}/staff/eve/availability` });
    expect((await t.call('manager', { method: 'GET', url: `${S}/staff/eve/availability` })).json()).toBeNull();

    // Bob's leave from the file is addressable by a derived id; new leave gets its own id.
    const leave = (await t.call('manager', { method: 'GET', url: `${S}/staff/bob/leave` })).json();
    expect(leave).toEqual([{ id: 'leave-2026-12-07', kind: 'leave', from: '2026-12-07', to: '2026-12-09', approvedBy: 'coordinator' }]);
    const added = await t.call('manager', { method: 'POST', url: `${S}/staff/bob/leave`, payload: { kind: 'sickness', from: '2026-12-10', to: '2026-12-10' } });
    expect(added.statusCode).toBe(201);
    expect(added.json().id).toBe('sickness-2026-12-10');
    const changed = await t.call('manager', {
      method: 'PUT',
      url: `${S}/staff/bob/leave/sickness-2026-12-10`,
      payload: { kind: 'sickness', from: '2026-12-10', to: '2026-12-11' },
    });
    expect(changed.json().to).toBe('2026-12-11');
    expect((await t.call('manager', { method: 'DELETE', url: `${S}/staff/bob/leave/leave-2026-12-07` })).statusCode).toBe(200);
    expect((await t.call('manager', { method: 'GET', url: `${S}/staff/bob/leave` })).json().map((a: { id: string }) => a.id)).toEqual([
      'sickness-2026-12-10',
    ]);
  });

  it('sites and templates: a site still used by a template cannot be removed (409)', async () => {
    t = await testApp();
    const refused = await t.call('manager', { method: 'DELETE', url: `${S}/sites/hub` });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().message).toContain('templates[0].siteId');

    const tpl = (await t.call('manager', { method: 'GET', url: `${S}/templates/drop-in` })).json();
    const moved = await t.call('manager', { method: 'PUT', url: `${S}/templates/drop-in`, payload: { ...tpl, siteId: 'annex' } });
    expect(moved.statusCode).toBe(200);
    expect((await t.call('manager', { method: 'DELETE', url: `${S}/sites/hub` })).statusCode).toBe(409); // travel from annex still names hub

    const newSite = await t.call('manager', { method: 'POST', url: `${S}/sites`, payload: { id: 'van', name: 'Outreach van' } });
    expect(newSite.statusCode).toBe(201);
    expect((await t.call('manager', { method: 'DELETE', url: `${S}/sites/van` })).statusCode).toBe(200);

    const remote = { id: 'phone', name: 'Phone support', kind: 'phone', siteId: null, startTime: '10:00', durationMinutes: 60, rrule: 'FREQ=DAILY', demand: [{ roleId: 'support', min: 0, preferred: 1, max: 1 }] };
    expect((await t.call('manager', { method: 'POST', url: `${S}/templates`, payload: remote })).statusCode).toBe(201);
    const badDemand = await t.call('manager', { method: 'PUT', url: `${S}/templates/phone`, payload: { ...remote, demand: [] } });
    expect(badDemand.statusCode).toBe(400);
    expect(badDemand.json().errors[0].path).toBe('body.demand');
  });

  it('a worker reads their own record and nobody else’s', async () => {
    t = await testApp();
    expect((await t.call('worker', { method: 'GET', url: `${S}/staff/dan` })).json().name).toBe('Dan Bank');
    expect((await t.call('worker', { method: 'GET', url: `${S}/staff/dan/leave` })).statusCode).toBe(200);
    expect((await t.call('worker', { method: 'GET', url: `${S}/staff/ann` })).statusCode).toBe(403);
    expect((await t.call('worker', { method: 'GET', url: `${S}/staff` })).statusCode).toBe(403);
    expect((await t.call('worker', { method: 'GET', url: '/me' })).json()).toMatchObject({ role: 'worker', serviceId: 'test-sanctuary', staffId: 'dan' });
  });
});

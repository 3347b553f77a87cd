// A staff member's optional payroll number: in the service file and the staff API, unique in a
// service, and a column of its own in the payroll CSV beside every row of that worker.
import { afterEach, describe, expect, it } from 'vitest';
import { validateServiceFile } from '../../src/service-file/validate.ts';
import { testApp, type TestApp } from '../api/helpers/app.ts';
import { sampleService } from '../api/helpers/sample-service.ts';

let open: TestApp[] = [];
afterEach(async () => {
  for (const t of open) await t.app.close();
  open = [];
});

describe('payroll numbers', () => {
  it('the service file takes one per staff member, unique and without stray spaces', () => {
    const file = sampleService();
    file.staff[0].payrollNumber = '004217';
    expect(validateServiceFile(file).ok).toBe(true);
    file.staff[2].payrollNumber = '004217';
    file.staff[3].payrollNumber = ' 9';
    const result = validateServiceFile(file);
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors;
    expect(errors).toContainEqual({ path: 'staff[2].payrollNumber', message: 'duplicates the payroll number "004217" of staff[0]' });
    expect(errors).toContainEqual({ path: 'staff[3].payrollNumber', message: 'must not start or end with a space' });
  });

  it('is set through the staff API and shows in both CSV files', async () => {
    const t = await testApp({ now: () => new Date('2026-12-20T12:00:00Z') });
    open.push(t);
    const url = '/services/test-sanctuary/staff/ann';
    const ann = (await t.call('manager', { method: 'GET', url })).json();
    const put = await t.call('manager', { method: 'PUT', url, payload: { ...ann, payrollNumber: 'NHS-0042' } });
    expect(put.statusCode, put.body).toBe(200);
    expect((await t.call('payroll', { method: 'GET', url })).json().payrollNumber).toBe('NHS-0042');
    const bob = (await t.call('manager', { method: 'GET', url: '/services/test-sanctuary/staff/bob' })).json() as Record<string, unknown>;
    const dup = await t.call('manager', { method: 'PUT', url: '/services/test-sanctuary/staff/bob', payload: { ...bob, payrollNumber: 'NHS-0042' } });
    expect([dup.statusCode, dup.json().errors[0].path]).toEqual([400, 'body.payrollNumber']);

    const rota = await t.call('manager', { method: 'POST', url: '/rotas', payload: { serviceId: 'test-sanctuary', weekStart: '2026-12-07', seed: 3 } });
    await t.app.ctx.rotas.idle();
    const id = rota.json().id as string;
    expect((await t.call('manager', { method: 'POST', url: `/rotas/${id}/publish`, payload: {} })).statusCode).toBe(200);
    const places = (await t.call('manager', { method: 'GET', url: `/rotas/${id}` })).json().assignments as { slotId: string; staffId: string }[];
    const settings = { frequency: 'weekly', anchorDate: '2026-12-07', firstPeriodStart: '2026-12-07', nightStartMinute: 1380, nightEndMinute: 360, holidayMode: 'accrual' };
    expect((await t.call('payroll', { method: 'PUT', url: '/payroll/settings', payload: settings })).statusCode).toBe(200);
    const mine = places.find((p) => p.staffId === 'ann')!;
    const other = places.find((p) => p.staffId !== 'ann')!;
    for (const p of [mine, other]) {
      const rec = await t.call('manager', { method: 'POST', url: '/payroll/outcomes', payload: { rotaId: id, slotId: p.slotId, staffId: p.staffId, status: 'worked' } });
      expect(rec.statusCode, rec.body).toBe(200);
    }
    await t.call('manager', { method: 'POST', url: '/payroll/sign-offs', payload: { places: [{ rotaId: id, slotId: mine.slotId, staffId: 'ann' }] } });
    const csv = (await t.call('payroll', { method: 'GET', url: '/payroll/export?from=2026-12-07&to=2026-12-14&format=csv' })).body.split('\r\n');
    const header = csv[0].replace(/^\uFEFF/, '').split(',');
    const at = header.indexOf('payroll_number');
    const rowsOf = (staffId: string) => csv.slice(1).filter((r) => r.split(',')[header.indexOf('worker_id')] === staffId).map((r) => r.split(','));
    expect(rowsOf('ann').length).toBeGreaterThan(0);
    expect(rowsOf('ann').every((r) => r[at] === 'NHS-0042')).toBe(true);
    // Unknown: the cell is empty (the other worker's place is recorded but unsigned, so listed too).
    expect(rowsOf(other.staffId).length).toBeGreaterThan(0);
    expect(rowsOf(other.staffId).every((r) => r[at] === '')).toBe(true);
    const totals = (await t.call('payroll', { method: 'GET', url: '/payroll/export?from=2026-12-07&to=2026-12-14&format=csv-totals' })).body.split('\r\n');
    expect(totals.find((r) => r.includes(',ann,'))!.split(',')[2]).toBe('NHS-0042');
  });
});

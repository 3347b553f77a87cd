// A staff member's optional email (where sign-in links and notifications go): in the service file,
// checked, unique in a service ignoring case, kept by import and export, and on every example service.
import { readFileSync, readdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { validateServiceFile, type ValidationError } from '../../src/service-file/validate.ts';
import { testApp, type TestApp } from '../api/helpers/app.ts';
import { sampleService } from '../api/helpers/sample-service.ts';

let open: TestApp[] = [];
afterEach(async () => {
  for (const t of open) await t.app.close();
  open = [];
});

const errorsOf = (file: unknown): readonly ValidationError[] => {
  const r = validateServiceFile(file);
  return r.ok ? [] : r.errors;
};

describe('staff email', () => {
  it('is optional, must look like an address, and is unique in a service ignoring case', () => {
    const file = sampleService();
    file.staff[0].email = 'ann@example.org';
    expect(errorsOf(file)).toEqual([]);
    file.staff[1].email = 'not-an-address';
    file.staff[2].email = 'ANN@example.org';
    const errors = errorsOf(file);
    expect(errors).toContainEqual({ path: 'staff[1].email', message: 'must be an email address, e.g. name@example.org' });
    expect(errors).toContainEqual({ path: 'staff[2].email', message: 'duplicates the email address of staff[0]' });
  });

  it('is kept by import and export, and set through the staff API', async () => {
    const t = await testApp();
    open.push(t);
    const file = sampleService();
    file.staff[0].email = 'ann.lead@example.org';
    expect((await t.call('manager', { method: 'POST', url: '/services/import', payload: file })).statusCode).toBe(200);
    const exported = (await t.call('manager', { method: 'GET', url: `/services/${file.organisation.id}/file` })).json();
    expect(exported.staff[0].email).toBe('ann.lead@example.org');
    const url = `/services/${file.organisation.id}/staff/bob`;
    const bob = (await t.call('manager', { method: 'GET', url })).json();
    const dup = await t.call('manager', { method: 'PUT', url, payload: { ...bob, email: 'Ann.Lead@example.org' } });
    expect([dup.statusCode, dup.json().errors[0].path]).toEqual([400, 'body.email']);
  });

  it('every staff member of the five example services has an example.org address', () => {
    const dir = new URL('../../fixtures/', import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith('.json') && !f.startsWith('large-'));
    expect(files).toHaveLength(5);
    for (const f of files) {
      const file = JSON.parse(readFileSync(new URL(f, dir), 'utf8'));
      expect(errorsOf(file), f).toEqual([]);
      for (const s of file.staff) expect(s.email, `${f} ${s.id}`).toMatch(/^[a-z0-9.]+@[a-z0-9-]+\.example\.org$/);
    }
  });
});

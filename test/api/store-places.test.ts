// Storing a solved week writes its places in a few statements, not one statement per place: a
// statement built and prepared per row made up most of the time a 300-staff week took to store.
// The places stored are the solve's, each once.
import { afterEach, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from './helpers/app.ts';
import { SAMPLE_WEEK } from './helpers/sample-service.ts';

let open: TestApp | undefined;
afterEach(async () => {
  await open?.app.close();
  open = undefined;
});

describe('storing a solved week', () => {
  it('inserts its places in a few statements, each place once', async () => {
    const t = (open = await testApp());
    const client = t.db.$client as unknown as { prepare: (sql: string) => unknown };
    const prepare = client.prepare.bind(client);
    const inserts: string[] = [];
    client.prepare = (sql: string) => {
      if (/^insert into "assignments"/i.test(sql.trim())) inserts.push(sql);
      return prepare(sql);
    };
    const made = await t.call('manager', { method: 'POST', url: '/rotas', payload: { serviceId: 'test-sanctuary', weekStart: SAMPLE_WEEK, seed: 2 } });
    expect(made.statusCode).toBe(202);
    const id = made.json().id;
    while (!/^event: done$/m.test((await t.call('manager', { method: 'GET', url: `/rotas/${id}/events` })).body));
    const rota = (await t.call('manager', { method: 'GET', url: `/rotas/${id}` })).json();
    expect(rota.status).toBe('done');
    const places: { slotId: string; roleId: string; staffId: string }[] = rota.assignments;
    expect(places.length).toBeGreaterThanOrEqual(10);
    expect(new Set(places.map((p) => `${p.slotId} ${p.roleId} ${p.staffId}`)).size).toBe(places.length);
    expect(inserts.length).toBeGreaterThanOrEqual(1);
    expect(inserts.length).toBeLessThanOrEqual(2);
  }, 120_000);
});

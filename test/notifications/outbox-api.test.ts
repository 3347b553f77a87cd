// GET /outbox: what a manager reads when no mail server is set up (links filled in with the app's
// address), and POST /outbox/:id/retry for a failed message.
import { afterEach, describe, expect, it } from 'vitest';
import { updateMessage } from '../../src/db/repositories/outbox-repo.ts';
import { APP_URL } from '../../src/notifications/messages.ts';
import { queueNotification } from '../../src/notifications/outbox.ts';
import { testApp, type TestApp } from '../api/helpers/app.ts';

let t: TestApp;
afterEach(async () => {
  await t.app.close();
});

describe('the outbox API', () => {
  it('lists messages newest first with links filled in, says mail is not configured, and sends a failed one again', async () => {
    t = await testApp({ signIn: { publicUrl: 'https://rota.example.org' } });
    const now = new Date();
    const a = queueNotification(t.db, { kind: 'offer', to: { address: 'a@example.org', name: 'A' }, subject: 'first', text: `see ${APP_URL}/my` }, now)!;
    const b = queueNotification(t.db, { kind: 'rota-published', to: { address: null, name: 'B' }, subject: 'second', text: 'x' }, now)!;
    const res = await t.call('manager', { method: 'GET', url: '/outbox' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.mailConfigured).toBe(false);
    expect(body.counts).toEqual({ queued: 1, 'no-address': 1 });
    expect(body.messages.map((m: { id: number }) => m.id)).toEqual([b, a]);
    expect(body.messages[1].bodyText).toBe('see https://rota.example.org/my');
    expect(body.messages[1].dedupeKey).toBeUndefined();
    expect((await t.call('manager', { method: 'GET', url: '/outbox?status=no-address' })).json().messages).toHaveLength(1);
    expect((await t.call('payroll', { method: 'GET', url: '/outbox' })).statusCode).toBe(403);

    expect((await t.call('manager', { method: 'POST', url: `/outbox/${a}/retry` })).statusCode).toBe(409);
    updateMessage(t.db, a, { status: 'failed', attempts: 9 });
    const retried = await t.call('manager', { method: 'POST', url: `/outbox/${a}/retry` });
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toMatchObject({ status: 'queued', attempts: 0 });
    expect((await t.call('manager', { method: 'POST', url: '/outbox/99999/retry' })).statusCode).toBe(404);
  });
});

// The outbox sender against a real SMTP server on loopback: messages are delivered with the app's
// address in their links; while the server is down nothing is lost (retried with growing waits, then
// sent once it is back); expired messages are not sent; after 48 hours a message is marked failed,
// and a manager can send it again.
import { afterEach, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../src/db/client.ts';
import { getMessage } from '../../src/db/repositories/outbox-repo.ts';
import { queueNotification } from '../../src/notifications/outbox.ts';
import { backoffMs, DEFAULT_MAIL, OutboxSender, smtpTransport } from '../../src/notifications/sender.ts';
import { APP_URL } from '../../src/notifications/messages.ts';
import { TestMailServer } from '../support/smtp.ts';

const T0 = Date.parse('2026-11-20T09:00:00Z');
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup() {
  const smtp = new TestMailServer();
  await smtp.start();
  cleanups.push(() => smtp.stop());
  const db: Db = openDb(':memory:');
  let at = T0;
  const clock = { now: () => new Date(at), advance: (ms: number) => (at += ms) };
  const sender = new OutboxSender(db, { ...DEFAULT_MAIL, publicUrl: 'https://rota.example.org', from: 'rota <rota@example.org>' }, smtpTransport(smtp.url), clock.now);
  cleanups.push(() => sender.stop());
  return { smtp, db, clock, sender };
}

const message = (over: Partial<Parameters<typeof queueNotification>[1]> = {}) => ({
  kind: 'offer' as const,
  serviceId: 'svc',
  staffId: 'dan',
  to: { address: 'dan@example.org', name: 'Dan Bank' },
  subject: 'Offer: Tue 24 Nov wellbeing 10:00-13:00',
  text: `Hello Dan,\n\nAccept here:\n${APP_URL}/my\n`,
  ...over,
});

describe('the outbox sender', () => {
  it('delivers queued messages by SMTP, with the app address filled in, and marks them sent', async () => {
    const { smtp, db, clock, sender } = await setup();
    const id = queueNotification(db, message(), clock.now())!;
    expect(await sender.deliverDue()).toMatchObject({ sent: 1 });
    const mail = await smtp.waitFor('dan@example.org');
    expect(mail.subject).toBe('Offer: Tue 24 Nov wellbeing 10:00-13:00');
    expect(mail.text).toContain('https://rota.example.org/my');
    expect(mail.from).toBe('rota@example.org');
    expect(getMessage(db, id)).toMatchObject({ status: 'sent', attempts: 1, lastError: null });
    expect(await sender.deliverDue()).toMatchObject({ sent: 0 });
    expect(smtp.mails).toHaveLength(1);
  });

  it('while the mail server is down, retries with growing waits and sends once it is back', async () => {
    const { smtp, db, clock, sender } = await setup();
    const port = smtp.port;
    await smtp.stop();
    const id = queueNotification(db, message(), clock.now())!;
    expect(await sender.deliverDue()).toMatchObject({ sent: 0, retrying: 1 });
    let row = getMessage(db, id)!;
    expect(row).toMatchObject({ status: 'queued', attempts: 1 });
    expect(Date.parse(row.nextAttemptAt) - clock.now().getTime()).toBe(30_000);
    // Not due yet: nothing is tried.
    expect(await sender.deliverDue()).toMatchObject({ sent: 0, retrying: 0 });
    clock.advance(30_000);
    expect(await sender.deliverDue()).toMatchObject({ retrying: 1 });
    row = getMessage(db, id)!;
    expect(Date.parse(row.nextAttemptAt) - clock.now().getTime()).toBe(60_000);
    expect(row.lastError).toMatch(/ECONNREFUSED|connect/i);

    await smtp.start(port);
    clock.advance(60_000);
    expect(await sender.deliverDue()).toMatchObject({ sent: 1 });
    expect(getMessage(db, id)).toMatchObject({ status: 'sent', attempts: 3 });
    expect((await smtp.waitFor('dan@example.org')).subject).toContain('Offer');
  });

  it('waits grow from 30 s, doubling, to at most an hour', () => {
    expect([1, 2, 3, 4, 7, 8, 20].map(backoffMs)).toEqual([30_000, 60_000, 120_000, 240_000, 1_920_000, 3_600_000, 3_600_000]);
  });

  it('gives up after 48 hours (failed, kept), and a failed message can be queued again', async () => {
    const { smtp, db, clock, sender } = await setup();
    const port = smtp.port;
    await smtp.stop();
    const id = queueNotification(db, message(), clock.now())!;
    clock.advance(48 * 3600_000);
    expect(await sender.deliverDue()).toMatchObject({ failed: 1 });
    expect(getMessage(db, id)).toMatchObject({ status: 'failed', attempts: 1 });
    await smtp.start(port);
    clock.advance(3600_000);
    expect(await sender.deliverDue()).toMatchObject({ sent: 0 });
    const { requeue } = await import('../../src/db/repositories/outbox-repo.ts');
    expect(requeue(db, [id], clock.now().toISOString())).toBe(1);
    expect(await sender.deliverDue()).toMatchObject({ sent: 1 });
  });

  it('does not send what has expired, and removes a sign-in link\'s secret once sent', async () => {
    const { smtp, db, clock, sender } = await setup();
    const late = queueNotification(db, message({ expiresAt: new Date(clock.now().getTime() + 60_000) }), clock.now())!;
    const link = queueNotification(
      db,
      message({ kind: 'sign-in-link', to: { address: 'eve@example.org', name: 'Eve' }, text: 'Open https://rota.example.org/sign-in/link#abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG to sign in.' }),
      clock.now(),
    )!;
    clock.advance(60_000);
    expect(await sender.deliverDue()).toMatchObject({ sent: 1, expired: 1 });
    expect(getMessage(db, late)!.status).toBe('expired');
    expect((await smtp.waitFor('eve@example.org')).text).toContain('#abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG');
    expect(getMessage(db, link)!.bodyText).toBe('Open https://rota.example.org/sign-in/link#(removed once sent) to sign in.');
    expect(smtp.mails.map((m) => m.to[0])).toEqual(['eve@example.org']);
  });

  it('a person with no address gets a no-address row, never sent; a second message with one key is dropped', async () => {
    const { db, clock, sender } = await setup();
    const none = queueNotification(db, message({ to: { address: null, name: 'Nobody' } }), clock.now())!;
    expect(getMessage(db, none)!.status).toBe('no-address');
    expect(queueNotification(db, message({ dedupeKey: 'k' }), clock.now())).toBeTypeOf('number');
    expect(queueNotification(db, message({ dedupeKey: 'k' }), clock.now())).toBeUndefined();
    expect(await sender.deliverDue()).toMatchObject({ sent: 1 });
  });
});

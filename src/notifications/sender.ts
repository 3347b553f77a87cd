// Delivers the outbox by SMTP: due messages oldest first, one run at a time, each marked sent, retried
// later with growing waits (30 s, 1 min, 2 min ... at most 1 h) while the mail server is down or
// refuses, and marked failed only after ROTA_MAIL_GIVE_UP_HOURS (48 by default). Messages whose link or
// offer has expired are marked expired instead of sent. A message the server accepted just before a
// crash may be sent twice (at least once, never lost). Without SMTP the sender does nothing and the
// messages wait in the outbox, where a manager reads them (GET /outbox, the Outbox page).
import nodemailer from 'nodemailer';
import type { Db } from '../db/client.ts';
import { dueMessages, updateMessage, type OutboxRow } from '../db/repositories/outbox-repo.ts';
import { withAppUrl } from './messages.ts';
import { onQueued } from './outbox.ts';

export interface MailSettings {
  /** smtp://user:pass@host:587 or smtps://...; absent: no mail is sent. */
  smtpUrl?: string;
  /** The From address, e.g. "rota <rota@example.org>". */
  from: string;
  /** How often the sender looks for due messages (it is also woken when one is queued). */
  pollMs: number;
  giveUpAfterMs: number;
  /** The app's address, put into messages' links as they are sent. */
  publicUrl: string;
}

export const DEFAULT_MAIL: MailSettings = { from: 'rota <rota@localhost>', pollMs: 10_000, giveUpAfterMs: 48 * 3600_000, publicUrl: 'http://localhost:3000' };

/** What the sender needs of a transport (nodemailer's, or a test's). */
export interface MailTransport {
  sendMail(message: { from: string; to: { name: string; address: string }; subject: string; text: string }): Promise<{ messageId?: string }>;
  close?(): void;
}

export function smtpTransport(url: string): MailTransport {
  return nodemailer.createTransport({ url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 }) as unknown as MailTransport;
}

const MIN_WAIT_MS = 30_000;
const MAX_WAIT_MS = 3600_000;

/** How long to wait before attempt n+1 after n failed attempts. */
export function backoffMs(failedAttempts: number): number {
  return Math.min(MAX_WAIT_MS, MIN_WAIT_MS * 2 ** Math.max(0, failedAttempts - 1));
}

/** A sign-in link's secret is not kept once the email is gone (the outbox is readable by managers). */
export function redactAfterSending(row: Pick<OutboxRow, 'kind' | 'bodyText'>): string {
  return row.kind === 'sign-in-link' ? row.bodyText.replace(/(\/sign-in\/link#)[A-Za-z0-9_-]+/g, '$1(removed once sent)') : row.bodyText;
}

export interface DeliveryRun {
  sent: number;
  retrying: number;
  failed: number;
  expired: number;
}

export class OutboxSender {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<DeliveryRun> | undefined;
  private again = false;
  private stopped = false;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly db: Db,
    private readonly settings: MailSettings,
    private readonly transport: MailTransport | undefined,
    private readonly now: () => Date,
    private readonly logError: (error: unknown, context: string) => void = () => {},
  ) {}

  get configured(): boolean {
    return this.transport !== undefined;
  }

  start(): void {
    if (!this.transport || this.timer) return;
    this.timer = setInterval(() => this.kick(), this.settings.pollMs);
    this.timer.unref();
    this.unsubscribe = onQueued(() => this.kick());
    this.kick();
  }

  /** Look for due messages soon (after the caller's transaction has committed). */
  kick(): void {
    if (!this.transport || this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    setImmediate(() => {
      void this.deliverDue().catch((e) => this.logError(e, 'outbox delivery'));
    });
  }

  /** Sends what is due now; one run at a time (a second call waits for the first and runs again). */
  async deliverDue(batch = 50): Promise<DeliveryRun> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.run(batch).finally(() => {
      this.running = undefined;
      if (this.again && !this.stopped) {
        this.again = false;
        this.kick();
      }
    });
    return this.running;
  }

  private async run(batch: number): Promise<DeliveryRun> {
    const out: DeliveryRun = { sent: 0, retrying: 0, failed: 0, expired: 0 };
    if (!this.transport) return out;
    for (const row of dueMessages(this.db, this.now().toISOString(), batch)) {
      if (this.stopped) break;
      const now = this.now();
      if (row.expiresAt !== null && row.expiresAt <= now.toISOString()) {
        updateMessage(this.db, row.id, { status: 'expired', bodyText: redactAfterSending(row) });
        out.expired++;
        continue;
      }
      try {
        const info = await this.transport.sendMail({
          from: this.settings.from,
          to: { name: row.toName ?? '', address: row.toAddress! },
          subject: row.subject,
          text: withAppUrl(row.bodyText, this.settings.publicUrl),
        });
        updateMessage(this.db, row.id, {
          status: 'sent',
          attempts: row.attempts + 1,
          sentAt: this.now().toISOString(),
          lastError: null,
          messageId: info.messageId ?? null,
          bodyText: redactAfterSending(row),
        });
        out.sent++;
      } catch (error) {
        const attempts = row.attempts + 1;
        const message = (error as Error)?.message?.slice(0, 500) ?? String(error);
        const at = this.now();
        if (at.getTime() - Date.parse(row.createdAt) >= this.settings.giveUpAfterMs) {
          updateMessage(this.db, row.id, { status: 'failed', attempts, lastError: message });
          out.failed++;
        } else {
          updateMessage(this.db, row.id, { attempts, lastError: message, nextAttemptAt: new Date(at.getTime() + backoffMs(attempts)).toISOString() });
          out.retrying++;
        }
        // The server is likely down: the rest wait for the next run rather than each timing out now.
        break;
      }
    }
    return out;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
    this.transport?.close?.();
  }
}

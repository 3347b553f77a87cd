// A mail server for tests: smtp-server on 127.0.0.1 (a free port), keeping every message it accepts,
// with the text part decoded, so a test reads the email a person would get. It can be stopped and
// started again on the same port, to play a mail server that is down.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface CaughtMail {
  to: string[];
  from: string;
  subject: string;
  text: string;
  raw: string;
}

function decodeQuotedPrintable(s: string): string {
  const bytes: number[] = [];
  const soft = s.replace(/=\r?\n/g, '');
  for (let i = 0; i < soft.length; i++) {
    if (soft[i] === '=' && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(soft[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function decodeWords(s: string): string {
  return s.replace(/=\?utf-8\?([QB])\?([^?]*)\?=/gi, (_m, enc: string, text: string) =>
    enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : decodeQuotedPrintable(text.replace(/_/g, ' ')),
  );
}

/** A plain single-part message as nodemailer writes one (text only). */
export function parseMail(raw: string, to: string[], from: string): CaughtMail {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const body = raw.slice(split + 4);
  const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1] ?? '';
  const encoding = header('Content-Transfer-Encoding').toLowerCase();
  const text =
    encoding === 'quoted-printable' ? decodeQuotedPrintable(body) : encoding === 'base64' ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8') : body;
  return { to, from, subject: decodeWords(header('Subject')), text: text.replace(/\r\n/g, '\n').replace(/\n$/, ''), raw };
}

export class TestMailServer {
  readonly mails: CaughtMail[] = [];
  private server: SMTPServer | undefined;
  port = 0;

  async start(port = 0): Promise<void> {
    const server = new SMTPServer({
      disabledCommands: ['STARTTLS', 'AUTH'],
      authOptional: true,
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const to = session.envelope.rcptTo.map((r) => r.address);
          const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
          this.mails.push(parseMail(Buffer.concat(chunks).toString('utf8'), to, from));
          callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  /**
   * Waits (bounded) until a mail to this address arrives, of the kind `match` says when given (other
   * mail to the same person, such as a rota published earlier, may still be on its way); returns the newest.
   */
  async waitFor(address: string, timeoutMs = 15_000, after = 0, match: (mail: CaughtMail) => boolean = () => true): Promise<CaughtMail> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const found = this.mails.slice(after).filter((m) => m.to.includes(address) && match(m)).at(-1);
      if (found) return found;
      if (Date.now() > until) throw new Error(`no mail to ${address} within ${timeoutMs} ms (got ${this.mails.map((m) => m.to.join(',')).join('; ') || 'none'})`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** A sign-in link mail (not, say, the published rota a worker is also sent). */
export const isSignInLink = (mail: CaughtMail): boolean => /\/sign-in\/link#/.test(mail.text);

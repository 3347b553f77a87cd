// Server-sent events (text/event-stream): one `event:`/`data:` pair per message, a comment line now
// and then so proxies keep the connection, and an end. Every stream is bounded in time; the browser's
// EventSource reconnects by itself when one ends without saying it is done.
import { PassThrough } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface EventStream {
  send(event: string, data: unknown): void;
  /** Ends the stream (idempotent). */
  end(): void;
  /** Runs when the stream ends, whoever ended it (the client, the server, the time limit). */
  onEnd(fn: () => void): void;
  readonly ended: boolean;
}

export interface EventStreamOptions {
  /** The stream ends after this long whatever happens. */
  readonly maxMs: number;
  /** How long the browser waits before it reconnects after an end it was not told about. */
  readonly retryMs: number;
}

/** Starts an event stream as the answer to `request`; the caller sends events, then returns `reply`. */
export function openEventStream(request: FastifyRequest, reply: FastifyReply, options: EventStreamOptions): { stream: EventStream; body: PassThrough } {
  const body = new PassThrough();
  const enders: (() => void)[] = [];
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    clearTimeout(limit);
    for (const fn of enders.splice(0)) fn();
    body.end();
  };
  const limit = setTimeout(end, options.maxMs);
  request.raw.once('close', end);
  body.once('close', end);
  reply
    .header('content-type', 'text/event-stream; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('x-accel-buffering', 'no');
  body.write(`retry: ${options.retryMs}\n\n`);
  const stream: EventStream = {
    send(event, data) {
      if (ended) return;
      body.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    end,
    onEnd(fn) {
      if (ended) fn();
      else enders.push(fn);
    },
    get ended() {
      return ended;
    },
  };
  return { stream, body };
}

/** The events of a text/event-stream body, in order (for tests and tools). */
export function parseEventStream(text: string): { event: string; data: unknown }[] {
  const out: { event: string; data: unknown }[] = [];
  for (const block of text.split('\n\n')) {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('data: ')) data.push(line.slice(6));
    }
    if (data.length > 0) out.push({ event, data: JSON.parse(data.join('\n')) });
  }
  return out;
}

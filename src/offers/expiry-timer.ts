// Expiry without a request: a timer in the server moves cascades on when a worker's time is up.
// The first pass runs at start, so offers that expired while the server was down are processed
// before anyone asks. The interval is unref'd: it never keeps the process alive on its own.
import type { Db } from '../db/client.ts';
import { notifyExpiringOffers } from '../notifications/hooks.ts';
import { processExpired, type ExpiredInvite } from './service.ts';

export interface ExpiryTimerOptions {
  /** Epoch milliseconds now; injected so tests can move time. */
  readonly now: () => number;
  /** How often to look for due invites; default 1000 ms. */
  readonly intervalMs?: number;
  readonly onError?: (error: unknown) => void;
  /** Told how many invites expired on each pass that expired any, and which. */
  readonly onExpired?: (count: number, expired: ExpiredInvite[]) => void;
}

export interface ExpiryTimer {
  /** Runs one pass now; returns how many invites expired. */
  tick(): number;
  stop(): void;
}

export function startExpiryTimer(db: Db, options: ExpiryTimerOptions): ExpiryTimer {
  const intervalMs = options.intervalMs ?? 1000;
  if (!Number.isInteger(intervalMs) || intervalMs < 10) throw new Error(`intervalMs: must be a whole number of at least 10 ms`);
  let stopped = false;
  const tick = (): number => {
    if (stopped) return 0;
    try {
      const expired: ExpiredInvite[] = [];
      const n = processExpired(db, options.now(), expired);
      if (n > 0) options.onExpired?.(n, expired);
      notifyExpiringOffers(db, options.now());
      return n;
    } catch (error) {
      options.onError?.(error);
      return 0;
    }
  };
  tick();
  const handle = setInterval(tick, intervalMs);
  handle.unref();
  return {
    tick,
    stop() {
      stopped = true;
      clearInterval(handle);
    },
  };
}

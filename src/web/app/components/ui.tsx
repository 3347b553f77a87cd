// Small pieces every page uses: a status message that screen readers announce, and a loading state.
import type { ComponentChildren } from 'preact';

export function Alert({ kind, children }: { kind: 'error' | 'success' | 'info'; children: ComponentChildren }) {
  // Errors interrupt (alert); other news waits its turn (status).
  return (
    <div class={`alert alert--${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p class="muted" role="status">
      Loading {what}…
    </p>
  );
}

/** "Mon 23 Nov 2026" from a local date (YYYY-MM-DD), read as a calendar date (no time zone shift). */
export function formatDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

/** "23 Nov 2026, 14:05" in the reader's own zone, for instants (ISO strings). */
export function formatInstant(iso: string): string {
  return new Date(iso).toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

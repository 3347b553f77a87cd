// The fairness ledger's history as a manager reads it: every adjustment and reset of a service, newest
// first, with who made it, when and why, read from the audit log (the one record of who and why).
import type { FairnessCategory } from '../../solver/model.ts';
import { listServiceAudit } from '../db/repositories/audit-repo.ts';
import type { SelfServiceDeps } from './context.ts';

export interface HistoryEntry {
  id: number;
  at: string;
  /** The person, as the audit log names them. */
  actor: string;
  /** add: a count changed by `delta`; set: a count set to `value`; reset: counts started again from 0. */
  kind: 'add' | 'set' | 'reset';
  /** The workers it touched; null when it was the whole service. */
  staff: { staffId: string; name: string }[] | null;
  categories: FairnessCategory[];
  delta: number | null;
  value: number | null;
  reason: string;
}

/** How many entries the page shows at most (the audit log keeps them all). */
export const HISTORY_LIMIT = 200;

interface Details {
  changes?: { staffId: string; category: FairnessCategory; kind: 'adjust' | 'reset'; delta: number }[];
  set?: number;
  allStaff?: boolean;
}

export function fairnessHistory(deps: SelfServiceDeps, serviceId: string): HistoryEntry[] {
  deps.core.loadFile(serviceId);
  const names = deps.core.staff(serviceId);
  return listServiceAudit(deps.db, serviceId, 'fairness', HISTORY_LIMIT).map((row) => {
    const d = (row.details ?? {}) as Details;
    const changes = d.changes ?? [];
    const reset = row.action === 'fairness.reset';
    const staffIds = [...new Set(changes.map((c) => c.staffId))];
    return {
      id: row.id,
      at: row.at,
      actor: row.actor,
      kind: reset ? 'reset' : d.set !== undefined ? 'set' : 'add',
      staff: d.allStaff ? null : staffIds.map((staffId) => ({ staffId, name: names.get(staffId)?.name ?? staffId })),
      categories: [...new Set(changes.map((c) => c.category))],
      delta: !reset && d.set === undefined ? (changes[0]?.delta ?? null) : null,
      value: d.set ?? null,
      reason: row.reason ?? '',
    };
  });
}

// The first line a manager reads about a rota. Places short of their minimum are a hard problem of
// their own kind: when they are the only one, the line says how many places cannot be filled and
// which, not that the rota is infeasible; a broken rule about a person still says so.

import type { ConstraintSummary, Score, UnfilledPlace } from '../model.ts';

export interface Headline {
  /** feasible: nothing hard; unfilled: only places short of their minimum; broken: a hard rule broken. */
  readonly kind: 'feasible' | 'unfilled' | 'broken';
  readonly text: string;
}

/** Places named in the line; the rest are counted. */
const MAX_NAMED = 5;

function plural(n: number, word: string): string {
  return `${n} ${n === 1 ? word : `${word}s`}`;
}

export function headline(
  score: Score,
  analysis: readonly Pick<ConstraintSummary, 'id' | 'level' | 'total'>[],
  unfilled: readonly UnfilledPlace[],
): Headline {
  if (score.hard === 0) return { kind: 'feasible', text: 'Feasible: no hard rule broken' };
  const short = unfilled.filter((u) => u.level === 'hard');
  const missing = short.reduce((n, u) => n + u.missing, 0);
  const broken = analysis.filter((c) => c.level === 'hard' && c.total > 0);
  const cannot = `${plural(missing, 'place')} cannot be filled`;
  if (missing > 0 && broken.length > 0 && broken.every((c) => c.id === 'cover.min')) {
    const named = short
      .slice(0, MAX_NAMED)
      .map((u) => `${u.slotLabel}: ${u.missing > 1 ? `${u.missing} x ` : ''}${u.roleName ?? u.roleId}`);
    const more = short.length > MAX_NAMED ? `; and ${short.length - MAX_NAMED} more` : '';
    return { kind: 'unfilled', text: `${cannot} (${named.join('; ')}${more}); no other hard rule broken` };
  }
  return { kind: 'broken', text: `INFEASIBLE: hard rules broken (see below)${missing > 0 ? `; ${cannot}` : ''}` };
}

// The compiled problem of a rota's week, cached by the exact service data it was compiled from, so
// repeated offers and accepts on the same week do not recompile. A change to any staff member,
// template or rule changes the key, so a cached problem is never stale.
import { createHash } from 'node:crypto';
import type { Db } from '../db/client.ts';
import { canonicalJson } from '../db/repositories/canonical.ts';
import { loadServiceFile } from '../db/repositories/service-file-repo.ts';
import { compileProblem, type CompiledProblem } from '../service-file/compile.ts';
import type { Tx } from './repository.ts';

const MAX_ENTRIES = 16;
const cache = new Map<string, CompiledProblem>();

export function rotaWeekProblem(db: Tx | Db, serviceId: string, weekStart: string): CompiledProblem {
  const file = loadServiceFile(db, serviceId);
  if (!file) throw new Error(`serviceId: no service "${serviceId}"`);
  const key = createHash('sha256').update(weekStart).update('\u0000').update(canonicalJson(file)).digest('hex');
  const hit = cache.get(key);
  if (hit) {
    // Refresh recency: Map keeps insertion order, so the oldest entry is first.
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const compiled = compileProblem(file, { weekStart });
  cache.set(key, compiled);
  if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  return compiled;
}

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkWorker } from '../../solver/offers/check.ts';
import { rankSeries } from '../../solver/offers/rank.ts';
import type { Assignment } from '../../solver/model.ts';
import { createNaiveScorer } from './support/naive-scorer.ts';
import { HOUR, bank, problem, session } from './support/problem.ts';

const opts = { createScorer: createNaiveScorer };

describe('checkWorker', () => {
  it('refuses with the reason when the worker took a clashing session since the offer', () => {
    const p = problem([session('offered', 2, 9), session('clash', 2, 10, { siteId: 'dartford' })], [bank('a'), bank('b')]);
    expect(checkWorker(p, [], [{ slotId: 'offered', roleId: 'support' }], 'a', opts)).toMatchObject({ ok: true });
    const now = checkWorker(p, [{ slotId: 'clash', roleId: 'support', workerId: 'a' }], [{ slotId: 'offered', roleId: 'support' }], 'a', opts);
    expect(now.ok).toBe(false);
    if (!now.ok) expect(now.reasons[0]).toMatch(/^offered day 2 9:00: /);
  });

  it('names an unknown worker', () => {
    const p = problem([session('offered', 2, 9)], [bank('a')]);
    expect(() => checkWorker(p, [], [{ slotId: 'offered', roleId: 'support' }], 'zz', opts)).toThrow(/workerId/);
  });

  it('agrees with ranking on the whole rota (property)', () => {
    const slots = [
      session('s0', 0, 9),
      session('s1', 0, 18),
      session('s2', 1, 7),
      session('s3', 1, 9, { siteId: 'dartford' }),
      session('s4', 2, 20),
      session('s5', 3, 9, { skills: ['group'] }),
    ];
    const workers = [
      bank('a', { minutesPerWeek: { hardMax: 9 * HOUR } }),
      bank('b', { refusedSiteIds: ['dartford'] }),
      bank('c', { skills: [{ skillId: 'group' }] }),
      bank('d', { minRestMinutes: 0 }),
    ];
    const p = problem(slots, workers);
    const assignment = fc.record({ slot: fc.integer({ min: 0, max: 5 }), worker: fc.integer({ min: 0, max: 3 }) });
    fc.assert(
      fc.property(fc.array(assignment, { maxLength: 6 }), fc.uniqueArray(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 3 }), (raw, offeredIdx) => {
        // Held: at most one worker per slot (max 1), none in the offered slots.
        const held: Assignment[] = [];
        const used = new Set<number>(offeredIdx);
        for (const a of raw) {
          if (used.has(a.slot)) continue;
          used.add(a.slot);
          held.push({ slotId: slots[a.slot].id, roleId: 'support', workerId: workers[a.worker].id });
        }
        const places = offeredIdx.map((i) => ({ slotId: slots[i].id, roleId: 'support' }));
        const full = rankSeries(p, held, places, opts);
        for (const w of workers) {
          const c = checkWorker(p, held, places, w.id, opts);
          expect(c.ok).toBe(full.eligible.some((e) => e.workerId === w.id));
        }
      }),
      { numRuns: 150 },
    );
  });
});

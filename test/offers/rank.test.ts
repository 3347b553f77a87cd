import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { rankOffers, rankPlace, rankSeries } from '../../solver/offers/rank.ts';
import { createNaiveScorer } from './support/naive-scorer.ts';
import { HOUR, bank, problem, session } from './support/problem.ts';

const opts = { createScorer: createNaiveScorer };

describe('rankPlace', () => {
  it('orders eligible bank workers by soft change (cheaper first) and leaves contracted staff out', () => {
    const p = problem(
      [session('s1', 1, 10)],
      [
        bank('dear', { costPencePerHour: 1500 }),
        bank('cheap', { costPencePerHour: 1100 }),
        bank('mid', { costPencePerHour: 1300 }),
        { ...bank('staff', { costPencePerHour: 900 }), kind: 'contracted' },
      ],
    );
    const r = rankPlace(p, [], { slotId: 's1', roleId: 'support' }, opts);
    expect(r.eligible.map((e) => e.workerId)).toEqual(['cheap', 'mid', 'dear']);
    // 4 paid hours at 11.00, 13.00, 15.00 an hour, in pence.
    expect(r.eligible.map((e) => e.softDelta)).toEqual([4400 - 100, 5200 - 100, 6000 - 100]);
    expect(r.excluded).toEqual([]);
  });

  it('excludes workers whose hard rules break, given the sessions they already hold', () => {
    const p = problem(
      [
        session('offered', 2, 9), // Wed 09:00-12:00
        session('evening', 1, 20), // Tue 20:00-23:00: only 10 h before the offered session
        session('same-time', 2, 10, { siteId: 'dartford' }),
        session('week-a', 0, 9),
        session('week-b', 4, 9),
      ],
      [
        bank('free'),
        bank('tired'), // holds the Tuesday evening: 10 h rest < 11 h
        bank('double'), // holds an overlapping session
        bank('capped', { minutesPerWeek: { hardMax: 10 * HOUR } }), // 8 h held + 4 h > 10 h
        bank('refuses', { refusedSiteIds: ['gravesend'] }),
        bank('unskilled', { roles: ['lead'] }),
        bank('away', { unavailability: [{ startMin: 0, endMin: 1e9, reason: 'leave' }] }),
      ],
    );
    const held = [
      { slotId: 'evening', roleId: 'support', workerId: 'tired' },
      { slotId: 'same-time', roleId: 'support', workerId: 'double' },
      { slotId: 'week-a', roleId: 'support', workerId: 'capped' },
      { slotId: 'week-b', roleId: 'support', workerId: 'capped' },
    ];
    const r = rankPlace(p, held, { slotId: 'offered', roleId: 'support' }, opts);
    expect(r.eligible.map((e) => e.workerId)).toEqual(['free']);
    expect(r.excluded.map((e) => e.workerId)).toEqual(['away', 'capped', 'double', 'refuses', 'tired', 'unskilled']);
    expect(r.excluded.find((e) => e.workerId === 'unskilled')!.reasons[0]).toMatch(/does not hold the role "support"/);
    expect(r.excluded.find((e) => e.workerId === 'tired')!.reasons[0]).toMatch(/breaks hard rules/);
  });

  it('does not let the cover gain of an under-staffed place hide a breach', () => {
    // min 3: filling it lowers the hard cover penalty by 3, more than the rest breach adds.
    const offered = session('offered', 2, 9, { priority: 3 });
    const p = problem([offered, session('evening', 1, 20)], [bank('tired'), bank('free')]);
    const held = [{ slotId: 'evening', roleId: 'support', workerId: 'tired' }];
    const r = rankPlace(p, held, { slotId: 'offered', roleId: 'support' }, opts);
    expect(r.eligible.map((e) => e.workerId)).toEqual(['free']);
    expect(r.excluded.map((e) => e.workerId)).toEqual(['tired']);
  });

  it('uses explainBlocks for the reasons when given', () => {
    const p = problem([session('offered', 2, 9)], [bank('refuses', { refusedSiteIds: ['gravesend'] })]);
    const r = rankPlace(p, [], { slotId: 'offered', roleId: 'support' }, {
      ...opts,
      explainBlocks: (_pr, _a, s, _r, w) => [`worker ${w} refuses the venue of slot ${s}`],
    });
    expect(r.excluded[0].reasons).toEqual(['offered day 2 9:00: worker 0 refuses the venue of slot 0']);
  });

  it('excludes a worker already in the session and reports a full place', () => {
    const slot = session('offered', 2, 9);
    const twoPlaces = { ...slot, roles: [{ ...slot.roles[0], max: 2, preferred: 2 }] };
    const p = problem([twoPlaces], [bank('in'), bank('out')]);
    const r = rankPlace(p, [{ slotId: 'offered', roleId: 'support', workerId: 'in' }], { slotId: 'offered', roleId: 'support' }, opts);
    expect(r.eligible.map((e) => e.workerId)).toEqual(['out']);
    expect(r.excluded[0].reasons[0]).toMatch(/already works this session/);

    const full = problem([slot], [bank('in'), bank('out')]);
    const f = rankPlace(full, [{ slotId: 'offered', roleId: 'support', workerId: 'in' }], { slotId: 'offered', roleId: 'support' }, opts);
    expect(f.eligible).toEqual([]);
    expect(f.excluded.find((e) => e.workerId === 'out')!.reasons[0]).toMatch(/no open place/);
  });

  it('names the bad field for unknown slots, roles and workers', () => {
    const p = problem([session('s1', 1, 10)], [bank('a')]);
    expect(() => rankPlace(p, [], { slotId: 'nope', roleId: 'support' }, opts)).toThrow(/places\[0\]\.slotId/);
    expect(() => rankPlace(p, [], { slotId: 's1', roleId: 'lead' }, opts)).toThrow(/places\[0\]\.roleId/);
    expect(() => rankPlace(p, [], { slotId: 's1', roleId: 'support' }, { ...opts, workerIds: ['zz'] })).toThrow(/workerIds\[0\]/);
  });

  it('gives the same ranking whatever the order of workers in the problem (property)', () => {
    const base = problem(
      [session('offered', 2, 9), session('evening', 1, 20)],
      [
        bank('a', { costPencePerHour: 1200 }),
        bank('b', { costPencePerHour: 1200 }),
        bank('c', { costPencePerHour: 1000 }),
        bank('d', { refusedSiteIds: ['gravesend'] }),
        bank('e', { costPencePerHour: 1400 }),
      ],
    );
    const held = [{ slotId: 'evening', roleId: 'support', workerId: 'e' }];
    const expected = rankPlace(base, held, { slotId: 'offered', roleId: 'support' }, opts);
    expect(expected.eligible.map((e) => e.workerId)).toEqual(['c', 'a', 'b']);
    fc.assert(
      fc.property(fc.shuffledSubarray(base.workers.slice(), { minLength: 5, maxLength: 5 }), (workers) => {
        const r = rankPlace({ ...base, workers }, held, { slotId: 'offered', roleId: 'support' }, opts);
        expect(r).toEqual(expected);
      }),
      { numRuns: 30 },
    );
  });
});

describe('sessions held in other rotas', () => {
  it('keeps the minimum rest and no overlap with sessions held outside the problem, both sides', () => {
    // Offered: Monday 09:00-12:00 (day 0). Held elsewhere: the Sunday before, 20:00-23:00 (10 h rest),
    // and another worker the Monday after... far away (fine).
    const p = problem([session('offered', 0, 9)], [bank('late-sunday'), bank('clash'), bank('far'), bank('next')]);
    const at = (dayOffset: number, hour: number) => p.days[0].startMin + dayOffset * 24 * HOUR + hour * HOUR;
    const outside = new Map([
      ['late-sunday', [{ startMin: at(-1, 20), endMin: at(-1, 23), label: 'Sun late' }]],
      ['clash', [{ startMin: at(0, 11), endMin: at(0, 14), label: 'Mon other rota' }]],
      ['far', [{ startMin: at(-3, 9), endMin: at(-3, 12), label: 'Fri before' }]],
      ['next', [{ startMin: at(0, 20), endMin: at(0, 23), label: 'Mon evening elsewhere' }]],
    ]);
    const r = rankPlace(p, [], { slotId: 'offered', roleId: 'support' }, { ...opts, outside });
    expect(r.eligible.map((e) => e.workerId)).toEqual(['far']);
    const why = Object.fromEntries(r.excluded.map((e) => [e.workerId, e.reasons[0]]));
    expect(why['late-sunday']).toMatch(/only 10 h rest after Sun late, already held; needs 11 h/);
    expect(why.clash).toMatch(/overlaps Mon other rota/);
    expect(why.next).toMatch(/only 8 h rest before Mon evening elsewhere/);
  });

  it('allows two sessions in one day when the day still leaves the minimum rest in its 24 hours', () => {
    // Offered Monday 09:00-12:00; held the same day 14:00-17:00: a working day of 8 h, 16 h of rest.
    const p = problem([session('offered', 0, 9)], [bank('split-day')]);
    const at = (hour: number) => p.days[0].startMin + hour * HOUR;
    const outside = new Map([['split-day', [{ startMin: at(14), endMin: at(17), label: 'Mon afternoon' }]]]);
    expect(rankPlace(p, [], { slotId: 'offered', roleId: 'support' }, { ...opts, outside }).eligible.map((e) => e.workerId)).toEqual(['split-day']);
  });
});

describe('rankSeries', () => {
  const weekly = [session('w1', 1, 10), session('w2', 3, 10), session('w3', 8, 10)];
  const places = weekly.map((s) => ({ slotId: s.id, roleId: 'support' }));

  it('admits a worker only if every session is feasible together', () => {
    // 4 paid hours each; w1 and w2 fall in the same week: 8 h > 6 h cap, though each alone is fine.
    const p = problem(weekly, [bank('capped', { minutesPerWeek: { hardMax: 6 * HOUR } }), bank('ok'), bank('leave', {
      unavailability: [{ startMin: weekly[2].startMin, endMin: weekly[2].endMin, reason: 'leave' }],
    })]);
    for (const pl of places.slice(0, 2)) {
      expect(rankPlace(p, [], pl, opts).eligible.map((e) => e.workerId)).toContain('capped');
    }
    const r = rankSeries(p, [], places, opts);
    expect(r.eligible.map((e) => e.workerId)).toEqual(['ok']);
    expect(r.excluded.map((e) => e.workerId)).toEqual(['capped', 'leave']);
    expect(r.excluded[0].reasons[0]).toMatch(/^w2 /);
    expect(r.excluded[1].reasons[0]).toMatch(/^w3 /);
    // The soft change of the series is the sum over its sessions.
    const single = places.map((pl) => rankPlace(p, [], pl, opts).eligible.find((e) => e.workerId === 'ok')!.softDelta);
    expect(r.eligible[0].softDelta).toBe(single.reduce((a, b) => a + b, 0));
  });

  it('leaves the rota as it was between workers (ranking is repeatable)', () => {
    const p = problem(weekly, [bank('a'), bank('b', { costPencePerHour: 1000 })]);
    const first = rankSeries(p, [], places, opts);
    expect(rankSeries(p, [], places, opts)).toEqual(first);
    expect(first.eligible.map((e) => e.workerId)).toEqual(['b', 'a']);
  });

  it('rejects a series naming the same place twice', () => {
    const p = problem(weekly, [bank('a')]);
    expect(() => rankSeries(p, [], [places[0], places[0]], opts)).toThrow(/same place appears twice/);
    expect(() => rankSeries(p, [], [], opts)).toThrow(/at least one place/);
  });
});

describe('rankOffers', () => {
  it('ranks many offers on one scorer exactly as each alone', () => {
    const slots = [session('a', 0, 9, { min: 1 }), session('b', 0, 18), session('c', 1, 7), session('d', 2, 9, { siteId: 'dartford' }), session('e', 8, 9)];
    const p = problem(slots, [
      bank('w1', { minutesPerWeek: { hardMax: 8 * HOUR } }),
      bank('w2', { refusedSiteIds: ['dartford'], costPencePerHour: 1000 }),
      bank('w3', { costPencePerHour: 1500 }),
      bank('w4'),
    ]);
    const held = [{ slotId: 'c', roleId: 'support', workerId: 'w1' }];
    const groups = [[{ slotId: 'a', roleId: 'support' }], [{ slotId: 'b', roleId: 'support' }], [{ slotId: 'd', roleId: 'support' }, { slotId: 'e', roleId: 'support' }]];
    const together = rankOffers(p, held, groups, opts);
    expect(together).toEqual(groups.map((g) => rankSeries(p, held, g, opts)));
    // The answers differ: w1's held session leaves too little rest before b; w2 refuses d's venue.
    expect(together.map((r) => r.eligible.map((e) => e.workerId))).toEqual([['w2', 'w1', 'w4', 'w3'], ['w2', 'w4', 'w3'], ['w1', 'w4', 'w3']]);
  });
});

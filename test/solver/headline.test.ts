// The headline: places that cannot be filled are counted and named when they are the only hard
// problem; a broken rule about a person still says the rota is infeasible.
import { describe, expect, it } from 'vitest';
import { headline } from '../../solver/index.ts';
import type { UnfilledPlace } from '../../solver/model.ts';

const short = (slotLabel: string, missing: number, roleName?: string): UnfilledPlace => ({
  slotId: slotLabel,
  slotLabel,
  roleId: 'hca',
  ...(roleName ? { roleName } : {}),
  missing,
  level: 'hard',
  reasons: [],
});
const soft: UnfilledPlace = { ...short('Sun 7 Mar late 15:00-23:00', 1), level: 'soft' };

describe('headline', () => {
  it('is feasible with no hard penalty, whatever is short of its preferred number', () => {
    expect(headline({ hard: 0, soft: 900 }, [{ id: 'cover.preferredUnder', level: 'soft', total: 100 }], [soft])).toEqual({
      kind: 'feasible',
      text: 'Feasible: no hard rule broken',
    });
  });

  it('counts and names the places when cover below the minimum is the only hard problem', () => {
    const places = [short('Mon 1 Mar day 07:00-15:00', 2, 'Healthcare assistant'), short('Tue 2 Mar late 15:00-23:00', 1, 'Service coordinator'), soft];
    expect(headline({ hard: 180, soft: 40 }, [{ id: 'cover.min', level: 'hard', total: 180 }, { id: 'rest.minGap', level: 'hard', total: 0 }], places)).toEqual({
      kind: 'unfilled',
      text: '3 places cannot be filled (Mon 1 Mar day 07:00-15:00: 2 x Healthcare assistant; Tue 2 Mar late 15:00-23:00: Service coordinator); no other hard rule broken',
    });
    const many = Array.from({ length: 7 }, (_, i) => short(`day ${i + 1}`, 1));
    expect(headline({ hard: 420, soft: 0 }, [{ id: 'cover.min', level: 'hard', total: 420 }], many).text).toBe(
      '7 places cannot be filled (day 1: hca; day 2: hca; day 3: hca; day 4: hca; day 5: hca; and 2 more); no other hard rule broken',
    );
  });

  it('says hard rules are broken when any other hard rule is, and still counts the empty places', () => {
    const analysis = [
      { id: 'cover.min', level: 'hard' as const, total: 60 },
      { id: 'rest.minGap', level: 'hard' as const, total: 10_120 },
    ];
    expect(headline({ hard: 10_180, soft: 0 }, analysis, [short('Mon 1 Mar day 07:00-15:00', 1)])).toEqual({
      kind: 'broken',
      text: 'INFEASIBLE: hard rules broken (see below); 1 place cannot be filled',
    });
    expect(headline({ hard: 10_120, soft: 0 }, [analysis[1]], []).text).toBe('INFEASIBLE: hard rules broken (see below)');
  });
});

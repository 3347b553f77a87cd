// Local times the clocks skip or pass twice (Europe/London, 2026), resolved as RFC 5545 says:
// a skipped time moves forward by the gap, a repeated time is the first (BST) instant.
import { describe, expect, it } from 'vitest';
import { compileProblem } from '../../src/service-file/compile.ts';
import { expandTemplate } from '../../src/time/expand.ts';
import { isoToUtcMin, localToUtcMin } from '../../src/time/local-time.ts';
import { minimalFile } from '../service-file/minimal-file.ts';

const LONDON = 'Europe/London';
const utc = (iso: string) => Date.parse(iso) / 60_000;

describe('localToUtcMin at the clock changes', () => {
  it('moves a time the spring change skips forward by the gap (29 Mar 2026, 01:00-02:00 does not exist)', () => {
    expect(localToUtcMin('2026-03-29', '00:59', LONDON)).toBe(utc('2026-03-29T00:59Z'));
    expect(localToUtcMin('2026-03-29', '01:00', LONDON)).toBe(utc('2026-03-29T01:00Z')); // 02:00 BST
    expect(localToUtcMin('2026-03-29', '01:30', LONDON)).toBe(utc('2026-03-29T01:30Z')); // 02:30 BST
    expect(localToUtcMin('2026-03-29', '02:00', LONDON)).toBe(utc('2026-03-29T01:00Z'));
  });

  it('takes the first, BST, instant of a time the autumn change repeats (25 Oct 2026, 01:00-01:59 happen twice)', () => {
    expect(localToUtcMin('2026-10-25', '00:59', LONDON)).toBe(utc('2026-10-24T23:59Z'));
    expect(localToUtcMin('2026-10-25', '01:00', LONDON)).toBe(utc('2026-10-25T00:00Z'));
    expect(localToUtcMin('2026-10-25', '01:30', LONDON)).toBe(utc('2026-10-25T00:30Z'));
    expect(localToUtcMin('2026-10-25', '01:59', LONDON)).toBe(utc('2026-10-25T00:59Z'));
    expect(localToUtcMin('2026-10-25', '02:00', LONDON)).toBe(utc('2026-10-25T02:00Z'));
  });

  it('works for a zone whose change is half an hour (Lord Howe Island)', () => {
    // 4 Oct 2026: 02:00 -> 02:30 (+10:30 -> +11); 5 Apr 2026: 02:00 -> 01:30 (+11 -> +10:30).
    expect(localToUtcMin('2026-10-04', '02:15', 'Australia/Lord_Howe')).toBe(utc('2026-10-03T15:45Z'));
    expect(localToUtcMin('2026-04-05', '01:45', 'Australia/Lord_Howe')).toBe(utc('2026-04-04T14:45Z'));
  });

  it('reads an instant only with its UTC offset: without one a repeated autumn time would be a guess', () => {
    expect(isoToUtcMin('2026-10-25T01:30:00+01:00')).toBe(utc('2026-10-25T00:30Z'));
    expect(isoToUtcMin('2026-10-25T01:30:00+00:00')).toBe(utc('2026-10-25T01:30Z'));
    expect(() => isoToUtcMin('2026-10-25T01:30:00')).toThrow(/UTC offset/);
  });

  it('names an unknown zone', () => {
    expect(() => localToUtcMin('2026-01-01', '12:00', 'Nowhere/Zone')).toThrow(/Nowhere\/Zone/);
  });
});

describe('sessions at the clock changes', () => {
  it('a 01:00-03:00 session on 25 Oct 2026 lasts 180 minutes (01:00 BST to 03:00 GMT)', () => {
    const [s] = expandTemplate({ id: 'x', startTime: '01:00', endTime: '03:00', rrule: 'FREQ=DAILY' }, { from: '2026-10-25', to: '2026-10-26', zone: LONDON });
    expect(s.startMin).toBe(utc('2026-10-25T00:00Z'));
    expect(s.elapsedMinutes).toBe(180);
    expect([s.localStart, s.localEnd]).toEqual(['01:00', '03:00']);
  });

  it('a session partly in the spring gap starts when the gap ends; one wholly in it is left out and reported', () => {
    const vanished: unknown[] = [];
    const range = { from: '2026-03-28', to: '2026-03-31', zone: LONDON, onVanished: (v: unknown) => vanished.push(v) };
    const partly = expandTemplate({ id: 'p', startTime: '01:30', endTime: '03:00', rrule: 'FREQ=DAILY' }, range);
    expect(partly.map((s) => [s.date, s.localStart, s.localEnd, s.elapsedMinutes])).toEqual([
      ['2026-03-28', '01:30', '03:00', 90],
      ['2026-03-29', '02:30', '03:00', 30],
      ['2026-03-30', '01:30', '03:00', 90],
    ]);
    const whole = expandTemplate({ id: 'w', startTime: '01:30', endTime: '02:30', rrule: 'FREQ=DAILY' }, range);
    expect(whole.map((s) => s.date)).toEqual(['2026-03-28', '2026-03-30']);
    const ending = expandTemplate({ id: 'e', startTime: '01:30', endTime: '02:00', rrule: 'FREQ=DAILY' }, range);
    expect(ending.map((s) => s.date)).toEqual(['2026-03-28', '2026-03-30']);
    // Both ends in the gap move forward together: 01:15-01:45 runs 02:15-02:45 BST.
    const inside = expandTemplate({ id: 'i', startTime: '01:15', endTime: '01:45', rrule: 'FREQ=DAILY' }, range);
    expect(inside.find((s) => s.date === '2026-03-29')).toMatchObject({ localStart: '02:15', localEnd: '02:45', elapsedMinutes: 30 });
    expect(vanished).toEqual([
      { templateId: 'w', date: '2026-03-29', startTime: '01:30', endTime: '02:30' },
      { templateId: 'e', date: '2026-03-29', startTime: '01:30', endTime: '02:00' },
    ]);
  });

  it('a week with a session the spring change swallows still compiles, with a warning and without that slot', () => {
    const file = minimalFile();
    file.templates.push({ ...file.templates[0], id: 'night-check', name: 'Night check', startTime: '01:30', endTime: '02:30', rrule: 'FREQ=DAILY' });
    const { problem, warnings } = compileProblem(file, { weekStart: '2026-03-23' });
    const checks = problem.slots.filter((s) => s.typeId === 'drop-in' && s.id.startsWith('night-check@'));
    expect(checks.map((s) => s.id)).toEqual(['2026-03-23', '2026-03-24', '2026-03-25', '2026-03-26', '2026-03-27', '2026-03-28'].map((d) => `night-check@${d}`));
    for (const s of problem.slots) expect(s.endMin).toBeGreaterThan(s.startMin);
    expect(warnings).toEqual([expect.stringMatching(/night-check.*Sun 29 Mar 2026 \(01:30-02:30\).*clocks skip/)]);
  });
});

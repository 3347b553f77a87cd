import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { buildCalendar, escapeText, foldLine, type CalendarEvent } from '../../src/offers/ical.ts';

const at = (iso: string) => Date.parse(iso);

function unfold(text: string): string[] {
  expect(text.endsWith('\r\n')).toBe(true);
  // Every line break is CRLF: no bare LF or CR.
  expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  return text.slice(0, -2).replace(/\r\n /g, '').split('\r\n');
}

function events(text: string): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  let cur: Record<string, string> | null = null;
  for (const line of unfold(text)) {
    if (line === 'BEGIN:VEVENT') cur = {};
    else if (line === 'END:VEVENT') {
      out.push(cur!);
      cur = null;
    } else if (cur) {
      const colon = line.indexOf(':');
      cur[line.slice(0, colon)] = line.slice(colon + 1);
    }
  }
  return out;
}

const base: CalendarEvent = {
  uid: 'assignment-41@rota',
  startUtcMs: at('2026-11-24T17:30:00Z'),
  endUtcMs: at('2026-11-25T00:30:00Z'),
  summary: 'Drop-in (support)',
  location: 'The Sanctuary, Nottingham',
  stampUtcMs: at('2026-11-20T10:00:00Z'),
};

describe('buildCalendar', () => {
  it('writes a VCALENDAR with a London VTIMEZONE and wall-clock times in GMT', () => {
    const text = buildCalendar([base], { name: 'My sessions' });
    const lines = unfold(text);
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines).toContain('VERSION:2.0');
    expect(lines.some((l) => l.startsWith('PRODID:'))).toBe(true);
    expect(lines).toContain('TZID:Europe/London');
    expect(lines.at(-1)).toBe('END:VCALENDAR');
    const [e] = events(text);
    expect(e).toMatchObject({
      UID: 'assignment-41@rota',
      DTSTAMP: '20261120T100000Z',
      'DTSTART;TZID=Europe/London': '20261124T173000',
      'DTEND;TZID=Europe/London': '20261125T003000',
      LOCATION: 'The Sanctuary\\, Nottingham',
    });
  });

  it('shows summer sessions in BST wall-clock time', () => {
    const [e] = events(buildCalendar([{ ...base, startUtcMs: at('2026-06-10T16:30:00Z'), endUtcMs: at('2026-06-10T19:30:00Z') }], { name: 'x' }));
    expect(e['DTSTART;TZID=Europe/London']).toBe('20260610T173000');
    expect(e['DTEND;TZID=Europe/London']).toBe('20260610T203000');
  });

  it('writes the second 01:30 of the October change in UTC so it is not read as the first', () => {
    // 25 Oct 2026: 01:30 BST is 00:30Z, 01:30 GMT is 01:30Z.
    const [e] = events(buildCalendar([{ ...base, startUtcMs: at('2026-10-24T17:30:00Z'), endUtcMs: at('2026-10-25T01:30:00Z') }], { name: 'x' }));
    expect(e['DTSTART;TZID=Europe/London']).toBe('20261024T183000');
    expect(e.DTEND).toBe('20261025T013000Z');
    const [f] = events(buildCalendar([{ ...base, startUtcMs: at('2026-10-24T17:30:00Z'), endUtcMs: at('2026-10-25T00:30:00Z') }], { name: 'x' }));
    expect(f['DTEND;TZID=Europe/London']).toBe('20261025T013000');
  });

  it('leaves LOCATION out for remote sessions and is stable for the same assignments in any order', () => {
    const remote = { ...base, uid: 'assignment-42@rota', location: null, startUtcMs: at('2026-11-26T18:00:00Z'), endUtcMs: at('2026-11-26T19:00:00Z') };
    const a = buildCalendar([base, remote], { name: 'x' });
    expect(buildCalendar([remote, base], { name: 'x' })).toBe(a);
    const evs = events(a);
    expect(evs.map((e) => e.UID)).toEqual(['assignment-41@rota', 'assignment-42@rota']);
    expect(evs[1].LOCATION).toBeUndefined();
  });

  it('rejects an event that ends before it starts, naming the field', () => {
    expect(() => buildCalendar([{ ...base, endUtcMs: base.startUtcMs }], { name: 'x' })).toThrow(/events\[0\]\.endUtcMs/);
  });

  it('its VTIMEZONE gives the same clock changes as the tz database, over the years the events span', () => {
    const text = buildCalendar([base, { ...base, uid: 'later', startUtcMs: at('2029-07-01T09:00:00Z'), endUtcMs: at('2029-07-01T12:00:00Z') }], { name: 'x' });
    const lines = unfold(text);
    const onsets: { utcMs: number; from: number; to: number }[] = [];
    for (let i = lines.indexOf('BEGIN:VTIMEZONE'); lines[i] !== 'END:VTIMEZONE'; i++) {
      if (lines[i] !== 'BEGIN:DAYLIGHT' && lines[i] !== 'BEGIN:STANDARD') continue;
      const get = (name: string) => lines.slice(i).find((l) => l.startsWith(`${name}:`))!.slice(name.length + 1);
      const minutes = (o: string) => (o[0] === '-' ? -1 : 1) * (Number(o.slice(1, 3)) * 60 + Number(o.slice(3, 5)));
      const from = minutes(get('TZOFFSETFROM'));
      // DTSTART is the local time before the change: wall clock minus the offset then in force.
      const wall = DateTime.fromFormat(get('DTSTART'), "yyyyMMdd'T'HHmmss", { zone: 'utc' }).toMillis();
      onsets.push({ utcMs: wall - from * 60_000, from, to: minutes(get('TZOFFSETTO')) });
    }
    const changes = onsets.filter((o) => o.from !== o.to);
    // Two a year from 2025 (the year before the first event) to 2030 (the year after the last).
    expect(changes.map((c) => new Date(c.utcMs).toISOString())).toEqual(
      [2025, 2026, 2027, 2028, 2029, 2030].flatMap((y) => {
        const lastSunday = (month: number) => {
          const d = new Date(Date.UTC(y, month + 1, 0, 1));
          d.setUTCDate(d.getUTCDate() - d.getUTCDay());
          return d.toISOString();
        };
        return [lastSunday(2), lastSunday(9)];
      }),
    );
    for (const c of changes) {
      expect(DateTime.fromMillis(c.utcMs - 1, { zone: 'Europe/London' }).offset).toBe(c.from);
      expect(DateTime.fromMillis(c.utcMs, { zone: 'Europe/London' }).offset).toBe(c.to);
    }
  });

  it('writes another zone\'s wall clock with its own TZID and VTIMEZONE', () => {
    const text = buildCalendar([{ ...base, startUtcMs: at('2026-07-04T13:00:00Z'), endUtcMs: at('2026-07-04T16:30:00Z') }], { name: 'x', timeZone: 'America/New_York' });
    const lines = unfold(text);
    expect(lines).toContain('TZID:America/New_York');
    expect(lines).toContain('X-WR-TIMEZONE:America/New_York');
    expect(lines.some((l) => l.includes('Europe/London'))).toBe(false);
    const [e] = events(text);
    expect(e['DTSTART;TZID=America/New_York']).toBe('20260704T090000');
    expect(e['DTEND;TZID=America/New_York']).toBe('20260704T123000');
  });
});

describe('escapeText and foldLine', () => {
  it('escapes backslash, semicolon, comma and newlines', () => {
    expect(escapeText('Hall, Room 2; rear \\ door\nring bell')).toBe('Hall\\, Room 2\\; rear \\\\ door\\nring bell');
  });

  it('folds at 75 octets without splitting characters, and unfolding gives the line back (property)', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', ',', 'é', '€', '😀', '語'), maxLength: 400 });
    fc.assert(
      fc.property(text, (s) => {
        const line = `DESCRIPTION:${s}`;
        const folded = foldLine(line);
        const physical = folded.split('\r\n');
        for (const [i, p] of physical.entries()) {
          expect(Buffer.byteLength(p, 'utf8')).toBeLessThanOrEqual(75);
          if (i > 0) expect(p.startsWith(' ')).toBe(true);
          // No lone surrogate: every piece is valid UTF-16 on its own.
          expect(p).toBe(Buffer.from(p, 'utf8').toString('utf8'));
        }
        expect(folded.replace(/\r\n /g, '')).toBe(line);
      }),
      { numRuns: 200 },
    );
  });

  it('keeps a line of exactly 75 octets whole and folds one of 76', () => {
    expect(foldLine('x'.repeat(75))).toBe('x'.repeat(75));
    expect(foldLine('x'.repeat(76))).toBe(`${'x'.repeat(75)}\r\n x`);
  });
});

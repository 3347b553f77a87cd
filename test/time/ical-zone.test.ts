// VTIMEZONE and wall-clock date-times for any zone, read back the way a calendar app reads them: the
// offsets come from the VTIMEZONE text alone, and every instant written must resolve to itself.
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { icalDateTimeProperty, offsetChanges, vtimezoneLines } from '../../src/time/ical-zone.ts';

interface Onset {
  kind: string;
  utcMs: number;
  from: number;
  to: number;
  name?: string;
}

const minutes = (o: string) => (o[0] === '-' ? -1 : 1) * (Number(o.slice(1, 3)) * 60 + Number(o.slice(3, 5)));
const wallMs = (text: string) => DateTime.fromFormat(text, "yyyyMMdd'T'HHmmss", { zone: 'utc' }).toMillis();

/** The VTIMEZONE's onsets, each as a UTC instant (DTSTART is the local time before the change). */
function onsets(lines: string[]): Onset[] {
  expect(lines[0]).toBe('BEGIN:VTIMEZONE');
  expect(lines.at(-1)).toBe('END:VTIMEZONE');
  const out: Onset[] = [];
  let cur: Record<string, string> | null = null;
  for (const line of lines.slice(2, -1)) {
    if (line === 'BEGIN:STANDARD' || line === 'BEGIN:DAYLIGHT') cur = { kind: line.slice(6) };
    else if (line.startsWith('END:')) {
      const from = minutes(cur!.TZOFFSETFROM);
      out.push({ kind: cur!.kind, utcMs: wallMs(cur!.DTSTART) - from * 60_000, from, to: minutes(cur!.TZOFFSETTO), name: cur!.TZNAME });
      cur = null;
    } else {
      const colon = line.indexOf(':');
      cur![line.slice(0, colon)] = line.slice(colon + 1);
    }
  }
  return out.sort((a, b) => a.utcMs - b.utcMs);
}

/** How a calendar reads `DTSTART;TZID=...:wall`: the earliest instant whose offset (per the onsets) shows that wall clock. */
function readWall(wall: string, list: Onset[]): number {
  const w = wallMs(wall);
  const offsetAt = (ms: number) => [...list].reverse().find((o) => o.utcMs <= ms)?.to;
  const candidates = [...new Set(list.map((o) => o.to))].map((off) => w - off * 60_000).filter((ms) => offsetAt(ms) === (w - ms) / 60_000);
  expect(candidates.length, `${wall} exists`).toBeGreaterThan(0);
  return Math.min(...candidates);
}

function readProperty(line: string, zone: string, list: Onset[]): number {
  const utc = /^DTSTART:(\d{8}T\d{6})Z$/.exec(line);
  if (utc) return wallMs(utc[1]);
  const local = new RegExp(`^DTSTART;TZID=${zone.replace('/', '\\/')}:(\\d{8}T\\d{6})$`).exec(line);
  expect(local, line).not.toBeNull();
  return readWall(local![1], list);
}

const at = (iso: string) => Date.parse(iso);

describe('vtimezoneLines', () => {
  it('Europe/Dublin: the changes of 2026 at 01:00 UTC, and the offset in force from the year before', () => {
    const list = onsets(vtimezoneLines('Europe/Dublin', at('2026-06-01T00:00Z'), at('2026-06-02T00:00Z')));
    expect(list[0]).toMatchObject({ utcMs: at('2025-01-01T00:00Z'), from: 0, to: 0 });
    const changes2026 = list.filter((o) => o.from !== o.to && new Date(o.utcMs).getUTCFullYear() === 2026);
    expect(changes2026).toEqual([
      expect.objectContaining({ kind: 'DAYLIGHT', utcMs: at('2026-03-29T01:00Z'), from: 0, to: 60 }),
      expect.objectContaining({ kind: 'STANDARD', utcMs: at('2026-10-25T01:00Z'), from: 60, to: 0 }),
    ]);
    // Covers 2025 to 2027: six changes.
    expect(list.filter((o) => o.from !== o.to)).toHaveLength(6);
  });

  it('America/New_York: EST and EDT, changing at 02:00 local on the second Sunday of March and the first of November', () => {
    const lines = vtimezoneLines('America/New_York', at('2026-07-04T13:00Z'), at('2026-07-04T16:00Z'));
    expect(lines).toContain('TZID:America/New_York');
    const list = onsets(lines);
    const y2026 = list.filter((o) => o.from !== o.to && new Date(o.utcMs).getUTCFullYear() === 2026);
    expect(y2026).toEqual([
      { kind: 'DAYLIGHT', utcMs: at('2026-03-08T07:00Z'), from: -300, to: -240, name: 'EDT' },
      { kind: 'STANDARD', utcMs: at('2026-11-01T06:00Z'), from: -240, to: -300, name: 'EST' },
    ]);
    // The onset is written as the local time before the change: 02:00 EST and 02:00 EDT.
    expect(lines).toContain('DTSTART:20260308T020000');
    expect(lines).toContain('DTSTART:20261101T020000');
  });

  it('a zone with no clock changes gets one STANDARD component', () => {
    const list = onsets(vtimezoneLines('Asia/Kolkata', at('2026-01-01T00:00Z'), at('2027-01-01T00:00Z')));
    expect(list).toEqual([expect.objectContaining({ kind: 'STANDARD', from: 330, to: 330 })]);
  });

  it('covers at most 40 years however far apart the events are, and refuses an unknown zone', () => {
    const list = onsets(vtimezoneLines('Europe/London', at('2000-01-01T00:00Z'), at('2200-01-01T00:00Z')));
    const years = new Set(list.map((o) => new Date(o.utcMs).getUTCFullYear()));
    expect(Math.max(...years) - Math.min(...years)).toBeLessThan(40);
    expect(() => vtimezoneLines('Europe/Atlantis', 0, 1)).toThrow(/Europe\/Atlantis/);
  });

  it('offsetChanges finds the same changes as an hour-by-hour walk of the tz database', () => {
    for (const zone of ['Europe/London', 'Australia/Lord_Howe', 'America/Santiago']) {
      const from = at('2026-01-01T00:00Z');
      const to = at('2027-01-01T00:00Z');
      const walked: number[] = [];
      for (let ms = from; ms < to; ms += 30 * 60_000) {
        if (DateTime.fromMillis(ms, { zone }).offset !== DateTime.fromMillis(ms + 30 * 60_000, { zone }).offset) walked.push(ms + 30 * 60_000);
      }
      expect(offsetChanges(zone, from, to).map((c) => c.atMs), zone).toEqual(walked);
    }
  });
});

describe('icalDateTimeProperty', () => {
  it('every minute written in a zone reads back (from the VTIMEZONE alone) as the same instant, the repeated hour included', () => {
    for (const zone of ['Europe/London', 'Europe/Dublin', 'America/New_York', 'Australia/Lord_Howe']) {
      const from = at('2026-01-01T00:00Z');
      const to = at('2027-12-31T00:00Z');
      const list = onsets(vtimezoneLines(zone, from, to));
      fc.assert(
        fc.property(fc.integer({ min: from / 60_000, max: to / 60_000 }), (minute) => {
          const line = icalDateTimeProperty('DTSTART', minute * 60_000, zone);
          expect(readProperty(line, zone, list)).toBe(minute * 60_000);
        }),
        { numRuns: 300 },
      );
      // The hours around each change, minute by minute.
      for (const o of list.filter((x) => x.from !== x.to)) {
        for (let ms = o.utcMs - 90 * 60_000; ms <= o.utcMs + 90 * 60_000; ms += 60_000) {
          expect(readProperty(icalDateTimeProperty('DTSTART', ms, zone), zone, list), `${zone} ${new Date(ms).toISOString()}`).toBe(ms);
        }
      }
    }
  });

  it('writes local wall clock with the TZID outside the repeated hour, UTC inside it', () => {
    expect(icalDateTimeProperty('DTSTART', at('2026-12-17T15:00Z'), 'America/New_York')).toBe('DTSTART;TZID=America/New_York:20261217T100000');
    expect(icalDateTimeProperty('DTEND', at('2026-06-17T15:00Z'), 'Europe/Dublin')).toBe('DTEND;TZID=Europe/Dublin:20260617T160000');
    // New York, 1 Nov 2026: 01:30 EDT (05:30Z) is the first 01:30, 01:30 EST (06:30Z) the second.
    expect(icalDateTimeProperty('DTSTART', at('2026-11-01T05:30Z'), 'America/New_York')).toBe('DTSTART;TZID=America/New_York:20261101T013000');
    expect(icalDateTimeProperty('DTSTART', at('2026-11-01T06:30Z'), 'America/New_York')).toBe('DTSTART:20261101T063000Z');
  });
});

// Independent checker for Curtois & Qu rosters. Shares no code with solver/ or bench/: its own
// parser, its own reading of the nine hard rules of the benchmark README, its own objective.

export interface CheckerShift {
  length: number;
  forbiddenAfter: Set<string>;
}

export interface CheckerStaff {
  id: string;
  maxShifts: Map<string, number>;
  maxMinutes: number;
  minMinutes: number;
  maxConsecutive: number;
  minConsecutive: number;
  minConsecutiveOff: number;
  maxWeekends: number;
}

export interface CheckerInstance {
  days: number;
  shifts: Map<string, CheckerShift>;
  staff: CheckerStaff[];
  daysOff: Map<string, Set<number>>;
  onRequests: { staff: string; day: number; shift: string; weight: number }[];
  offRequests: { staff: string; day: number; shift: string; weight: number }[];
  cover: { day: number; shift: string; requirement: number; under: number; over: number }[];
}

export type HardRule =
  | 'one-shift-per-day'
  | 'forbidden-succession'
  | 'max-shifts-of-type'
  | 'total-minutes'
  | 'max-consecutive-shifts'
  | 'min-consecutive-shifts'
  | 'min-consecutive-days-off'
  | 'max-weekends'
  | 'day-off';

export interface CheckerViolation {
  rule: HardRule;
  staff: string;
  detail: string;
}

export interface CheckResult {
  violations: CheckerViolation[];
  objective: number;
  requestPenalty: number;
  coverPenalty: number;
}

export function readInstance(text: string): CheckerInstance {
  const blocks: Record<string, string[][]> = {};
  let name = '';
  for (const line of text.split('\n').map((l) => l.trim())) {
    if (!line || line[0] === '#') continue;
    if (/^SECTION_/.test(line)) {
      name = line;
      blocks[name] = [];
    } else {
      if (!name) throw new Error(`checker: line outside a section: ${line}`);
      blocks[name].push(line.split(',').map((x) => x.trim()));
    }
  }
  const get = (n: string): string[][] => blocks[n] ?? [];
  const toInt = (x: string): number => {
    const v = parseInt(x, 10);
    if (Number.isNaN(v)) throw new Error(`checker: not a number: ${x}`);
    return v;
  };
  const shifts = new Map<string, CheckerShift>();
  for (const f of get('SECTION_SHIFTS')) {
    shifts.set(f[0], { length: toInt(f[1]), forbiddenAfter: new Set((f[2] ?? '').split('|').filter((x) => x)) });
  }
  const staff: CheckerStaff[] = get('SECTION_STAFF').map((f) => ({
    id: f[0],
    maxShifts: new Map(
      f[1]
        .split('|')
        .filter((x) => x)
        .map((kv) => {
          const [k, v] = kv.split('=');
          return [k, toInt(v)] as [string, number];
        }),
    ),
    maxMinutes: toInt(f[2]),
    minMinutes: toInt(f[3]),
    maxConsecutive: toInt(f[4]),
    minConsecutive: toInt(f[5]),
    minConsecutiveOff: toInt(f[6]),
    maxWeekends: toInt(f[7]),
  }));
  const daysOff = new Map<string, Set<number>>();
  for (const f of get('SECTION_DAYS_OFF')) daysOff.set(f[0], new Set(f.slice(1).filter((x) => x).map(toInt)));
  const req = (f: string[]) => ({ staff: f[0], day: toInt(f[1]), shift: f[2], weight: toInt(f[3]) });
  return {
    days: toInt(get('SECTION_HORIZON')[0][0]),
    shifts,
    staff,
    daysOff,
    onRequests: get('SECTION_SHIFT_ON_REQUESTS').map(req),
    offRequests: get('SECTION_SHIFT_OFF_REQUESTS').map(req),
    cover: get('SECTION_COVER').map((f) => ({
      day: toInt(f[0]),
      shift: f[1],
      requirement: toInt(f[2]),
      under: toInt(f[3]),
      over: toInt(f[4]),
    })),
  };
}

export interface RosterRow {
  staff: string;
  day: number;
  shift: string;
}

export function readRoster(csv: string): RosterRow[] {
  const lines = csv.split('\n').map((l) => l.trim()).filter((l) => l);
  if (lines[0] !== 'employee,day,shift') throw new Error(`checker: roster header must be employee,day,shift, got ${lines[0]}`);
  return lines.slice(1).map((l) => {
    const [staff, day, shift] = l.split(',');
    return { staff, day: Number(day), shift };
  });
}

export function checkRoster(inst: CheckerInstance, roster: RosterRow[]): CheckResult {
  const violations: CheckerViolation[] = [];
  const flag = (rule: HardRule, staff: string, detail: string) => violations.push({ rule, staff, detail });
  const H = inst.days;
  // grid[staff][day] = shifts worked that day
  const grid = new Map<string, string[][]>();
  for (const s of inst.staff) grid.set(s.id, Array.from({ length: H }, () => []));
  for (const r of roster) {
    const row = grid.get(r.staff);
    if (!row) throw new Error(`checker: unknown employee ${r.staff}`);
    if (!Number.isInteger(r.day) || r.day < 0 || r.day >= H) throw new Error(`checker: day ${r.day} outside the horizon`);
    if (!inst.shifts.has(r.shift)) throw new Error(`checker: unknown shift ${r.shift}`);
    row[r.day].push(r.shift);
  }

  for (const s of inst.staff) {
    const days = grid.get(s.id)!;
    const works = days.map((list) => list.length > 0);
    // 1
    days.forEach((list, d) => {
      if (list.length > 1) flag('one-shift-per-day', s.id, `${list.length} shifts on day ${d}`);
    });
    // 2
    for (let d = 0; d + 1 < H; d++) {
      for (const a of days[d]) {
        for (const b of days[d + 1]) {
          if (inst.shifts.get(a)!.forbiddenAfter.has(b)) flag('forbidden-succession', s.id, `${a} on day ${d} then ${b}`);
        }
      }
    }
    // 3
    const counts = new Map<string, number>();
    for (const list of days) for (const t of list) counts.set(t, (counts.get(t) ?? 0) + 1);
    for (const [t, n] of counts) {
      const cap = s.maxShifts.get(t) ?? 0;
      if (n > cap) flag('max-shifts-of-type', s.id, `${n} x ${t}, max ${cap}`);
    }
    // 4
    let minutes = 0;
    for (const list of days) for (const t of list) minutes += inst.shifts.get(t)!.length;
    if (minutes < s.minMinutes || minutes > s.maxMinutes) flag('total-minutes', s.id, `${minutes} min, band [${s.minMinutes}, ${s.maxMinutes}]`);
    // 5, 6, 7: scan runs
    let d = 0;
    while (d < H) {
      let e = d;
      while (e + 1 < H && works[e + 1] === works[d]) e++;
      const len = e - d + 1;
      const edge = d === 0 || e === H - 1;
      if (works[d]) {
        if (len > s.maxConsecutive) flag('max-consecutive-shifts', s.id, `${len} days ${d}-${e}, max ${s.maxConsecutive}`);
        if (!edge && len < s.minConsecutive) flag('min-consecutive-shifts', s.id, `${len} days ${d}-${e}, min ${s.minConsecutive}`);
      } else if (!edge && len < s.minConsecutiveOff) {
        flag('min-consecutive-days-off', s.id, `${len} days off ${d}-${e}, min ${s.minConsecutiveOff}`);
      }
      d = e + 1;
    }
    // 8: weekend k = days 7k+5, 7k+6
    let weekends = 0;
    for (let k = 0; 7 * k + 5 < H; k++) {
      if (works[7 * k + 5] || (7 * k + 6 < H && works[7 * k + 6])) weekends++;
    }
    if (weekends > s.maxWeekends) flag('max-weekends', s.id, `${weekends} weekends, max ${s.maxWeekends}`);
    // 9
    for (const off of inst.daysOff.get(s.id) ?? []) {
      if (off < H && works[off]) flag('day-off', s.id, `works day off ${off}`);
    }
  }

  let requestPenalty = 0;
  for (const r of inst.onRequests) {
    if (!(grid.get(r.staff)?.[r.day] ?? []).includes(r.shift)) requestPenalty += r.weight;
  }
  for (const r of inst.offRequests) {
    if ((grid.get(r.staff)?.[r.day] ?? []).includes(r.shift)) requestPenalty += r.weight;
  }
  let coverPenalty = 0;
  for (const c of inst.cover) {
    let n = 0;
    for (const s of inst.staff) n += grid.get(s.id)![c.day].filter((t) => t === c.shift).length;
    if (n < c.requirement) coverPenalty += (c.requirement - n) * c.under;
    if (n > c.requirement) coverPenalty += (n - c.requirement) * c.over;
  }
  return { violations, objective: requestPenalty + coverPenalty, requestPenalty, coverPenalty };
}

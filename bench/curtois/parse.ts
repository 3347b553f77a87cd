// Reads a Curtois & Qu shift-scheduling instance (the .txt format of the benchmark page).

export interface CurtoisShift {
  readonly id: string;
  readonly lengthMinutes: number;
  /** Shift ids that may not be worked the day after this one. */
  readonly forbiddenNext: readonly string[];
}

export interface CurtoisStaff {
  readonly id: string;
  readonly maxShifts: Readonly<Record<string, number>>;
  readonly maxTotalMinutes: number;
  readonly minTotalMinutes: number;
  readonly maxConsecutiveShifts: number;
  readonly minConsecutiveShifts: number;
  readonly minConsecutiveDaysOff: number;
  readonly maxWeekends: number;
}

export interface CurtoisRequest {
  readonly employeeId: string;
  readonly day: number;
  readonly shiftId: string;
  readonly weight: number;
}

export interface CurtoisCover {
  readonly day: number;
  readonly shiftId: string;
  readonly requirement: number;
  readonly weightUnder: number;
  readonly weightOver: number;
}

export interface CurtoisInstance {
  readonly horizonDays: number;
  readonly shifts: readonly CurtoisShift[];
  readonly staff: readonly CurtoisStaff[];
  readonly daysOff: Readonly<Record<string, readonly number[]>>;
  readonly onRequests: readonly CurtoisRequest[];
  readonly offRequests: readonly CurtoisRequest[];
  readonly cover: readonly CurtoisCover[];
}

function int(value: string | undefined, what: string): number {
  const n = Number((value ?? '').trim());
  if (!Number.isInteger(n)) throw new Error(`curtois: ${what} is not an integer: ${JSON.stringify(value)}`);
  return n;
}

export function parseCurtois(text: string): CurtoisInstance {
  const sections = new Map<string, string[][]>();
  let current: string[][] | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('SECTION_')) {
      current = [];
      sections.set(line, current);
      continue;
    }
    if (!current) throw new Error(`curtois: data before any SECTION_ header: ${line}`);
    current.push(line.split(',').map((f) => f.trim()));
  }
  const rows = (name: string): string[][] => sections.get(name) ?? [];
  const horizon = rows('SECTION_HORIZON');
  if (horizon.length !== 1) throw new Error('curtois: SECTION_HORIZON must hold one number');
  const horizonDays = int(horizon[0][0], 'horizon');

  const shifts = rows('SECTION_SHIFTS').map((f) => ({
    id: f[0],
    lengthMinutes: int(f[1], `length of shift ${f[0]}`),
    forbiddenNext: (f[2] ?? '').split('|').map((s) => s.trim()).filter((s) => s !== ''),
  }));
  const staff = rows('SECTION_STAFF').map((f) => {
    const maxShifts: Record<string, number> = {};
    for (const part of (f[1] ?? '').split('|')) {
      if (part.trim() === '') continue;
      const [shiftId, max] = part.split('=');
      maxShifts[shiftId.trim()] = int(max, `MaxShifts of ${f[0]}`);
    }
    return {
      id: f[0],
      maxShifts,
      maxTotalMinutes: int(f[2], `MaxTotalMinutes of ${f[0]}`),
      minTotalMinutes: int(f[3], `MinTotalMinutes of ${f[0]}`),
      maxConsecutiveShifts: int(f[4], `MaxConsecutiveShifts of ${f[0]}`),
      minConsecutiveShifts: int(f[5], `MinConsecutiveShifts of ${f[0]}`),
      minConsecutiveDaysOff: int(f[6], `MinConsecutiveDaysOff of ${f[0]}`),
      maxWeekends: int(f[7], `MaxWeekends of ${f[0]}`),
    };
  });
  const daysOff: Record<string, number[]> = {};
  for (const f of rows('SECTION_DAYS_OFF')) {
    daysOff[f[0]] = f.slice(1).filter((x) => x !== '').map((x) => int(x, `day off of ${f[0]}`));
  }
  const request = (f: string[]): CurtoisRequest => ({
    employeeId: f[0],
    day: int(f[1], 'request day'),
    shiftId: f[2],
    weight: int(f[3], 'request weight'),
  });
  const cover = rows('SECTION_COVER').map((f) => ({
    day: int(f[0], 'cover day'),
    shiftId: f[1],
    requirement: int(f[2], 'cover requirement'),
    weightUnder: int(f[3], 'cover weight under'),
    weightOver: int(f[4], 'cover weight over'),
  }));
  return {
    horizonDays,
    shifts,
    staff,
    daysOff,
    onRequests: rows('SECTION_SHIFT_ON_REQUESTS').map(request),
    offRequests: rows('SECTION_SHIFT_OFF_REQUESTS').map(request),
    cover,
  };
}

// England and Wales bank holidays. The bundled data (2024-2030) uses the public GOV.UK format
// (https://www.gov.uk/bank-holidays.json) so a newer download can replace it unchanged.
import { readJsonFile } from '../json-text.ts';
import { projectFile } from '../paths.ts';

export interface BankHolidayEvent {
  readonly title: string;
  /** Local date, YYYY-MM-DD. */
  readonly date: string;
  readonly notes: string;
  readonly bunting: boolean;
}

/** The GOV.UK document: divisions ("england-and-wales", "scotland", "northern-ireland") with events. */
export type GovUkBankHolidays = Readonly<Record<string, { readonly division?: string; readonly events: readonly BankHolidayEvent[] }>>;

export const DEFAULT_DIVISION = 'england-and-wales';

export class BankHolidayCalendar {
  private readonly byDate: ReadonlyMap<string, BankHolidayEvent>;
  readonly events: readonly BankHolidayEvent[];

  constructor(events: readonly BankHolidayEvent[]) {
    this.events = [...events].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    this.byDate = new Map(this.events.map((e) => [e.date, e]));
  }

  has(date: string): boolean {
    return this.byDate.has(date);
  }

  get(date: string): BankHolidayEvent | undefined {
    return this.byDate.get(date);
  }

  /** Events with fromDate <= date < toDateExclusive. */
  between(fromDate: string, toDateExclusive: string): BankHolidayEvent[] {
    return this.events.filter((e) => e.date >= fromDate && e.date < toDateExclusive);
  }

  /** First and last dates the data covers (whole years are assumed), for "is this range covered?". */
  get coveredYears(): { first: number; last: number } | null {
    if (this.events.length === 0) return null;
    return { first: Number(this.events[0].date.slice(0, 4)), last: Number(this.events[this.events.length - 1].date.slice(0, 4)) };
  }
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** Reads a GOV.UK-format document; throws an Error naming the bad field. */
export function parseGovUkBankHolidays(json: unknown, division: string = DEFAULT_DIVISION): BankHolidayCalendar {
  if (typeof json !== 'object' || json === null) throw new Error('bank holidays: the document must be a JSON object');
  const part = (json as Record<string, unknown>)[division];
  if (typeof part !== 'object' || part === null) throw new Error(`bank holidays: "${division}" is missing`);
  const events = (part as Record<string, unknown>).events;
  if (!Array.isArray(events)) throw new Error(`bank holidays: "${division}".events must be an array`);
  return new BankHolidayCalendar(
    events.map((e, i) => {
      const at = `bank holidays: "${division}".events[${i}]`;
      if (typeof e !== 'object' || e === null) throw new Error(`${at} must be an object`);
      const { title, date, notes, bunting } = e as Record<string, unknown>;
      if (typeof date !== 'string' || !DATE_RE.test(date)) throw new Error(`${at}.date must be a date YYYY-MM-DD`);
      if (typeof title !== 'string') throw new Error(`${at}.title must be a string`);
      return { title, date, notes: typeof notes === 'string' ? notes : '', bunting: bunting === true };
    }),
  );
}

export function loadBankHolidaysFile(path: string | URL, division: string = DEFAULT_DIVISION): BankHolidayCalendar {
  return parseGovUkBankHolidays(readJsonFile(path), division);
}

const BUNDLED_URL = projectFile('src/time/bank-holidays-england-and-wales.json');

/** England and Wales, 2024-2030, as bundled. */
export const englandAndWalesBankHolidays: BankHolidayCalendar = loadBankHolidaysFile(BUNDLED_URL);

export function isBankHoliday(date: string, calendar: BankHolidayCalendar = englandAndWalesBankHolidays): boolean {
  return calendar.has(date);
}

// Date-ranged templates that leave a gap: sessions of one kind change template by date range (a winter
// late shift, then a summer one), and a range that ends before the next one starts leaves days with no
// session of that kind at all. Templates of one kind at one site form a family (and, for a service that
// moved a kind between sites, so do all of a kind's templates); a run of days between the family's
// ranges that no template covers is a gap when a template on either side would have run on one of those
// days had its range reached it. A gap is a warning, not an error: it may be meant, but it is the kind
// of slip (31 Mar, then 1 May) that empties a month of the rota without a word.
import { BankHolidayCalendar, englandAndWalesBankHolidays } from '../time/bank-holidays.ts';
import { templateDates } from '../time/expand.ts';
import { addDays, daysBetween, dayLabel } from '../time/local-time.ts';
import { DEFAULT_ANCHOR_DATE } from '../time/recurrence.ts';
import type { ServiceFile, SessionTemplate } from './types.ts';

export interface TemplateGap {
  readonly kind: string;
  /** The family's site, or null when the family is every template of the kind (sites differ). */
  readonly siteId: string | null;
  /** First and last uncovered local date (inclusive). */
  readonly from: string;
  readonly to: string;
  /** Indices into file.templates of the templates ending before and starting after the gap. */
  readonly before: number;
  readonly after: number;
}

export interface FileWarning {
  /** JSON path of the template whose range starts after the gap, e.g. "templates[3].validFrom". */
  readonly path: string;
  readonly message: string;
}

const NEVER_BEFORE = '0000-01-01';
const NEVER_AFTER = '9999-12-31';
/** Days of a gap checked for a session that would have run: a rule that runs at all runs within a year. */
const CHECK_DAYS = 366;

interface Ranged {
  readonly index: number;
  readonly start: string;
  readonly end: string;
}

/** Gaps between the date ranges of one family's templates (indices into file.templates). */
function familyGaps(file: ServiceFile, members: readonly number[], calendar: BankHolidayCalendar): { from: string; to: string; before: number; after: number }[] {
  const ranged: Ranged[] = members
    .map((index) => {
      const t = file.templates[index];
      return { index, start: t.validFrom ?? NEVER_BEFORE, end: t.validUntil ?? NEVER_AFTER };
    })
    .filter((r) => r.start <= r.end)
    .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.index - b.index));
  const gaps: { from: string; to: string; before: number; after: number }[] = [];
  if (ranged.length < 2) return gaps;
  let reach = ranged[0];
  for (const next of ranged.slice(1)) {
    if (reach.end !== NEVER_AFTER && next.start > addDays(reach.end, 1)) {
      const from = addDays(reach.end, 1);
      const to = addDays(next.start, -1);
      if (wouldRun(file.templates[reach.index], from, to, calendar) || wouldRun(file.templates[next.index], from, to, calendar)) {
        gaps.push({ from, to, before: reach.index, after: next.index });
      }
    }
    if (next.end > reach.end) reach = next;
  }
  return gaps;
}

/**
 * An RRULE counts from its anchor, so a template that starts after the gap is anchored this far back
 * instead: 2,940 days is 420 weeks, a whole number of every daily or weekly interval up to 7, so the
 * rule keeps its phase.
 */
const ANCHOR_SHIFT_DAYS = 2940;

/** Whether the template would start a session in [from, to] had its range covered those days. */
function wouldRun(t: SessionTemplate, from: string, to: string, calendar: BankHolidayCalendar): boolean {
  const last = daysBetween(from, to) >= CHECK_DAYS ? addDays(from, CHECK_DAYS - 1) : to;
  let anchor = t.anchorDate ?? t.validFrom ?? DEFAULT_ANCHOR_DATE;
  if (anchor > from) anchor = addDays(anchor, -ANCHOR_SHIFT_DAYS);
  const stretched = { ...t, anchorDate: anchor, validFrom: from, validUntil: last };
  return templateDates(stretched, { from, to: addDays(last, 1), bankHolidays: calendar }).length > 0;
}

/** Every gap of the file's date-ranged template families, in template order. */
export function templateGaps(file: ServiceFile, calendar: BankHolidayCalendar = englandAndWalesBankHolidays): TemplateGap[] {
  const byKind = new Map<string, number[]>();
  const byKindSite = new Map<string, number[]>();
  file.templates.forEach((t, i) => {
    byKind.set(t.kind, [...(byKind.get(t.kind) ?? []), i]);
    const key = `${t.kind}\u0000${t.siteId ?? ''}`;
    byKindSite.set(key, [...(byKindSite.get(key) ?? []), i]);
  });
  const out: TemplateGap[] = [];
  const seen = new Set<string>();
  for (const members of byKindSite.values()) {
    const t = file.templates[members[0]];
    for (const g of familyGaps(file, members, calendar)) {
      seen.add(`${t.kind}\u0000${g.from}\u0000${g.to}`);
      out.push({ kind: t.kind, siteId: t.siteId, ...g });
    }
  }
  for (const [kind, members] of byKind) {
    for (const g of familyGaps(file, members, calendar)) {
      if (!seen.has(`${kind}\u0000${g.from}\u0000${g.to}`)) out.push({ kind, siteId: null, ...g });
    }
  }
  return out.sort((a, b) => a.after - b.after || (a.from < b.from ? -1 : 1));
}

function dateInWords(date: string): string {
  return `${dayLabel(date)} ${date.slice(0, 4)}`;
}

/** A gap in a manager's words. */
export function describeGap(file: ServiceFile, gap: TemplateGap): string {
  const before = file.templates[gap.before];
  const after = file.templates[gap.after];
  const site = gap.siteId === null ? '' : ` at ${file.sites.find((s) => s.id === gap.siteId)?.name ?? gap.siteId}`;
  const days = daysBetween(gap.from, gap.to) + 1;
  return (
    `no ${gap.kind} sessions${site} from ${dateInWords(gap.from)} to ${dateInWords(gap.to)} (${days} ${days === 1 ? 'day' : 'days'}): ` +
    `"${before.name}" (${before.id}) ends ${before.validUntil} and "${after.name}" (${after.id}) starts ${after.validFrom}; ` +
    'check the dates, or add a template for the days between'
  );
}

/** The gaps as warnings naming the template that starts after each. */
export function templateGapWarnings(file: ServiceFile, calendar?: BankHolidayCalendar): FileWarning[] {
  return templateGaps(file, calendar).map((g) => ({ path: `templates[${g.after}].validFrom`, message: describeGap(file, g) }));
}

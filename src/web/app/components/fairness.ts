// The fairness ledger as the pages see it (src/self-service/fairness.ts on the server): its
// categories in words, a worker's own counts, the managers' league table and its history.

export type Category = 'weekends' | 'bankHolidays' | 'lates' | 'nights' | 'christmas';
export type Counts = Record<Category, number>;

export const CATEGORY_WORDS: Record<Category, string> = {
  weekends: 'Weekends',
  bankHolidays: 'Bank holidays',
  lates: 'Late shifts',
  nights: 'Nights',
  christmas: 'Christmas and New Year',
};

export interface MyFairness {
  fromDate: string;
  toDate: string;
  counts: Counts;
  spread: Record<Category, { lowest: number; median: number; highest: number; average: number }> | null;
  staffCounted: number;
}

export interface LeagueRow {
  staffId: string;
  name: string;
  kind: 'contracted' | 'bank';
  counts: Counts;
  worked: Counts;
  adjusted: Counts;
  total: number;
  resets: Partial<Record<Category, string>>;
}

export interface LeagueTable {
  serviceId: string;
  fromDate: string;
  toDate: string;
  categories: Category[];
  rows: LeagueRow[];
}

export interface HistoryEntry {
  id: number;
  at: string;
  actor: string;
  kind: 'add' | 'set' | 'reset';
  staff: { staffId: string; name: string }[] | null;
  categories: Category[];
  delta: number | null;
  value: number | null;
  reason: string;
}

function list(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

/** "Set Ann Able's weekends to 5", "Added 3 to ...", "Took 2 off ...", "Reset everyone's weekends and nights". */
export function historyWhat(h: HistoryEntry, allCategories: readonly Category[]): string {
  const whose = h.staff === null ? "everyone's" : `${list(h.staff.map((s) => s.name))}'s`;
  const what = h.categories.length === allCategories.length && h.kind === 'reset' ? 'counts' : list(h.categories.map((c) => CATEGORY_WORDS[c].toLowerCase()));
  if (h.kind === 'reset') return `Reset ${whose} ${what} to 0`;
  if (h.kind === 'set') return `Set ${whose} ${what} to ${h.value}`;
  const n = h.delta ?? 0;
  return n >= 0 ? `Added ${n} to ${whose} ${what}` : `Took ${-n} off ${whose} ${what}`;
}

/** What a field path of a refusal is called on the managers' forms. */
export const FIELD_WORDS: Record<string, string> = {
  'body.reason': 'Reason',
  'body.value': 'Count',
  'body.delta': 'Count',
  'body.staffId': 'Whose counts',
  'body.allStaff': 'Whose counts',
  'body.category': 'What',
  'body.swapMaxSoftRise': 'Largest rise in soft cost allowed',
  'body.swapAutoApprove': 'Approve swaps automatically',
  'body.openAutoApprove': 'Give open sessions automatically',
};

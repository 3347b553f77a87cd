// Staff self-service as the pages see it (src/self-service on the server): swaps and give-aways, open
// sessions, leave and availability requests; their types and their states in words.

export interface Person {
  staffId: string;
  name: string;
}

/** A published place in a swap. `label` is the session in the service's own words and times. */
export interface SwapPlace {
  rotaId: string;
  assignmentId: number;
  slotId: string;
  roleId: string;
  label: string;
  start: string;
  end: string;
}

export type SwapStatus = 'offered' | 'accepted' | 'approved' | 'declined' | 'rejected' | 'withdrawn' | 'refused' | 'taken';

export interface Swap {
  id: string;
  kind: 'giveaway' | 'swap';
  status: SwapStatus;
  from: Person;
  to: Person | null;
  taker: Person | null;
  place: SwapPlace;
  inReturn: SwapPlace | null;
  note: string | null;
  autoApproved: boolean;
  decisionReason: string | null;
  invited?: Person[];
}

export interface SwapPreview {
  ok: boolean;
  kind: 'giveaway' | 'swap';
  breaches: string[];
  softDelta: number | null;
  eligibleCount: number | null;
  wouldAutoApprove: boolean;
}

export interface Colleague extends Person {
  places: SwapPlace[];
}

export interface OpenPlace {
  rotaId: string;
  slotId: string;
  roleId: string;
  label: string;
  start: string;
  end: string;
  siteId: string | null;
  workMinutes: number;
  open: number;
  requestId: string | null;
}

export type OpenRequestStatus = 'requested' | 'approved' | 'declined' | 'withdrawn' | 'closed';

export interface OpenRequest {
  id: string;
  rotaId: string;
  slotId: string;
  roleId: string;
  label: string;
  staffId: string;
  name: string;
  status: OpenRequestStatus;
  note: string | null;
  decisionReason: string | null;
  autoApproved: boolean;
  rank?: number | null;
  blocks?: string[];
}

export type StaffRequestStatus = 'pending' | 'approved' | 'declined' | 'withdrawn';

export interface StaffRequest {
  id: string;
  staffId: string;
  name: string;
  kind: 'leave' | 'unavailable' | 'availability';
  leaveKind: 'annual' | 'training' | 'other' | null;
  from: string | null;
  to: string | null;
  startTime: string | null;
  endTime: string | null;
  availability: { windows?: { rrule: string; startTime: string; endTime: string }[] } | null;
  note: string | null;
  status: StaffRequestStatus;
  decisionReason: string | null;
  clashes?: { label: string; breach: string; cover: { words: string } | null }[];
}

/** A published place still held by a worker on leave then (GET /services/:id/leave-clashes), computed at each read. */
export interface LeaveClash {
  assignmentId: number;
  rotaId: string;
  weekStart: string;
  slotId: string;
  roleId: string;
  staffId: string;
  name: string;
  label: string;
  breach: string;
  cover: { words: string } | null;
  coverNote: string | null;
  leave: { id: string; kind: 'leave' | 'sickness' | 'training' | 'other'; from: string; to: string; startTime: string | null; endTime: string | null; requestId: string | null };
}

export interface LeaveClashList {
  clashes: LeaveClash[];
  notExamined: number;
}

const ABSENCE_WORDS: Record<LeaveClash['leave']['kind'], string> = { leave: 'Leave', sickness: 'Sickness', training: 'Training', other: 'Away' };

/** "Leave, Thu 14 Jan 2027" or "Away, Fri 15 Jan 2027, 12:00 to 20:00": the absence a place clashes with. */
export function absenceWhat(leave: LeaveClash['leave'], formatDate: (d: string) => string): string {
  const dates = leave.from === leave.to ? formatDate(leave.from) : `${formatDate(leave.from)} to ${formatDate(leave.to)}`;
  const times = leave.startTime || leave.endTime ? `, ${leave.startTime ?? '00:00'} to ${leave.endTime ?? 'midnight'}` : '';
  return `${ABSENCE_WORDS[leave.kind]}, ${dates}${times}`;
}

/** What the manager can do about a clash, in words: the cover found, or why there is none. */
export function coverWords(c: Pick<LeaveClash, 'cover' | 'coverNote'>, sentence: (s: string) => string): string {
  if (c.cover) return `Cheapest cover: ${sentence(c.cover.words)}`;
  return c.coverNote ? sentence(c.coverNote) : 'No cover found without breaking a rule.';
}

/** Where a swap stands, for the worker reading it (`mine`: they offered it). */
export function swapStateWords(s: Swap, mine: boolean): string {
  const who = s.taker?.name ?? s.to?.name ?? 'a colleague';
  switch (s.status) {
    case 'offered':
      return mine ? (s.to ? `Waiting for ${s.to.name} to answer` : 'Waiting for a colleague to take it') : 'Waiting for your answer';
    case 'accepted':
      return mine ? `${who} accepted; waiting for a manager to approve` : 'You accepted; waiting for a manager to approve';
    case 'approved':
      return s.autoApproved ? 'Approved (automatically: no rule broken)' : 'Approved by a manager';
    case 'declined':
      return mine ? `${who} said no` : 'You said no';
    case 'rejected':
      return 'A manager said no';
    case 'withdrawn':
      return mine ? 'You withdrew it' : 'Withdrawn';
    case 'refused':
      return 'Refused: it would now break a rule, or the shift changed';
    case 'taken':
      return 'Another colleague took it';
  }
}

export const OPEN_REQUEST_WORDS: Record<OpenRequestStatus, string> = {
  requested: 'Asked for; waiting for a manager',
  approved: 'Yours: approved',
  declined: 'A manager said no',
  withdrawn: 'You withdrew it',
  closed: 'Closed: the place was filled or changed',
};

export const STAFF_REQUEST_WORDS: Record<StaffRequestStatus, string> = {
  pending: 'Waiting for a manager',
  approved: 'Approved',
  declined: 'Declined',
  withdrawn: 'Withdrawn',
};

const DAY_NAMES: Record<string, string> = { MO: 'Mon', TU: 'Tue', WE: 'Wed', TH: 'Thu', FR: 'Fri', SA: 'Sat', SU: 'Sun' };

/** "Annual leave, Mon 21 Dec 2026 to Sun 27 Dec 2026" and the like. */
export function staffRequestWhat(r: StaffRequest, formatDate: (d: string) => string): string {
  if (r.kind === 'availability') {
    const windows = r.availability?.windows ?? [];
    const days = (w: { rrule: string }) =>
      (/BYDAY=([A-Z,]+)/.exec(w.rrule)?.[1] ?? '')
        .split(',')
        .map((d) => DAY_NAMES[d] ?? d)
        .join(', ');
    return `Available ${windows.map((w) => `${days(w)} ${w.startTime} to ${w.endTime}`).join('; ') || 'never'}`;
  }
  const dates = r.from === r.to || !r.to ? formatDate(r.from!) : `${formatDate(r.from!)} to ${formatDate(r.to)}`;
  if (r.kind === 'unavailable') return `Unavailable ${dates}${r.startTime && r.endTime ? `, ${r.startTime} to ${r.endTime}` : ''}`;
  const kind = r.leaveKind === 'training' ? 'Training' : r.leaveKind === 'other' ? 'Leave (other)' : 'Annual leave';
  return `${kind}, ${dates}`;
}

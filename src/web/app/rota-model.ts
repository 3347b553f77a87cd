// The rota as the manager's pages read it (GET /rotas/:id and the service's staff), and the small
// sums the grid needs: the week's days, each worker's places by day, hours against contract.

export type BankState = 'proposed' | 'offered' | 'accepted';
export type RotaStatus = 'queued' | 'running' | 'done' | 'failed';

export interface Score {
  hard: number;
  soft: number;
}

export interface SlotRole {
  roleId: string;
  min: number;
  preferred: number;
  max: number;
  skills: string[];
}

export interface Slot {
  id: string;
  label: string;
  kind: string;
  siteId: string | null;
  siteName: string | null;
  date: string;
  localStart: string;
  localEnd: string;
  workMinutes: number;
  isBankHoliday: boolean;
  roles: SlotRole[];
}

export interface Assignment {
  id: number;
  slotId: string;
  slotLabel: string;
  roleId: string;
  staffId: string;
  staffName: string;
  workMinutes: number;
  pinned: boolean;
  source: 'solver' | 'manual' | 'offer';
  published: boolean;
  overridden: boolean;
  note: string | null;
  bankState: BankState | null;
}

export interface Move {
  words: string;
  remove: { slotId: string; roleId: string; workerId: string }[];
  add: { slotId: string; roleId: string; workerId: string }[];
  delta: Score;
}

export interface UnfilledReason {
  workerId: string;
  workerName: string;
  blocks: string[];
  blockers?: { constraintId: string; category: 'worker' | 'rota'; movable: boolean; message: string }[];
  softCosts?: { constraintId: string; name: string; cost: number }[];
}

export interface Unfilled {
  slotId: string;
  slotLabel: string;
  roleId: string;
  roleName?: string;
  missing: number;
  level: 'hard' | 'soft';
  reasons: UnfilledReason[];
  move?: Move;
  awaiting?: { state: 'proposed' | 'offered'; offerId: string | null; staffIds: string[]; staffNames: string[]; message: string };
}

export interface Offered {
  offerId: string;
  slotId: string;
  slotLabel: string;
  roleId: string;
  places: number;
  offeredTo: { staffId: string; staffName: string }[];
}

/** What issue 22 adds to a rota: how good it is against a proven lower bound (shown when present). */
export interface Quality {
  status: 'optimal' | 'gap' | 'no-bound';
  lowerBound?: Score;
  gapPercent?: number;
  note?: string;
}

export interface Rota {
  id: string;
  serviceId: string;
  weekStart: string;
  status: RotaStatus;
  published: boolean;
  publishedAt: string | null;
  score: Score | null;
  feasible: boolean | null;
  quality?: Quality | null;
  headline: { kind: string; text: string } | null;
  error: string | null;
  slots: Slot[];
  roles?: { id: string; name: string }[];
  warnings: string[];
  assignments: Assignment[];
  hoursByStaff: { staffId: string; staffName: string; places: number; workMinutes: number }[];
  offered: Offered[];
  unfilled: Unfilled[];
  solveRuns: { id: number; kind: string; status: string; durationMs: number | null; timeLimitMs: number | null; score: Score | null }[];
}

export interface StaffMember {
  id: string;
  name: string;
  kind: 'contracted' | 'bank';
  roles: string[];
  contractMinutesPerWeek?: number;
}

export interface Service {
  id: string;
  name: string;
  timeZone: string;
}

export interface LiveSolve {
  rotaId: string;
  status: RotaStatus;
  kind: 'generate' | 'replan' | null;
  best: Score | null;
  moves: number | null;
  elapsedMs: number | null;
  fraction: number | null;
  timeLimitMs: number | null;
  timeLeftMs: number | null;
  stop: { by: string; at: string } | null;
  feasible: boolean | null;
  error: string | null;
}

/** The seven local dates of the week from its Monday. */
export function weekDates(weekStart: string): string[] {
  const t0 = Date.parse(`${weekStart}T00:00:00Z`);
  return Array.from({ length: 7 }, (_, i) => new Date(t0 + i * 86_400_000).toISOString().slice(0, 10));
}

/** The Monday of the week a local date falls in. */
export function mondayOf(date: string): string {
  const t = Date.parse(`${date}T00:00:00Z`);
  const weekday = (new Date(t).getUTCDay() + 6) % 7;
  return new Date(t - weekday * 86_400_000).toISOString().slice(0, 10);
}

/** "7:30" from minutes; "0:00" for none. */
export function hoursText(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = Math.round(minutes % 60);
  return `${h}:${String(m).padStart(2, '0')}`;
}

export function roleNamer(rota: Pick<Rota, 'roles' | 'unfilled'>): (roleId: string) => string {
  const names = new Map((rota.roles ?? []).map((r) => [r.id, r.name]));
  for (const u of rota.unfilled) if (u.roleName && !names.has(u.roleId)) names.set(u.roleId, u.roleName);
  return (roleId) => names.get(roleId) ?? roleId;
}

/** "day 09:00-16:30" (with "ends next day" when it crosses midnight). */
export function sessionTimes(slot: Pick<Slot, 'kind' | 'localStart' | 'localEnd'>): string {
  const overnight = slot.localEnd <= slot.localStart;
  return `${slot.kind} ${slot.localStart}-${slot.localEnd}${overnight ? ' (ends next day)' : ''}`;
}

export interface WorkerRow {
  staffId: string;
  name: string;
  kind: 'contracted' | 'bank';
  contractMinutes: number | null;
  plannedMinutes: number;
  /** The worker's places, by local date. */
  byDate: Map<string, Assignment[]>;
}

/**
 * One row per worker: everyone on the staff list (contracted first, then bank, by name), and anyone
 * the rota holds who has since left it (archived staff keep their places).
 */
export function workerRows(rota: Rota, staff: readonly StaffMember[]): WorkerRow[] {
  const slots = new Map(rota.slots.map((s) => [s.id, s]));
  const rows = new Map<string, WorkerRow>();
  const sorted = [...staff].sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'contracted' ? -1 : 1));
  for (const m of sorted) {
    rows.set(m.id, { staffId: m.id, name: m.name, kind: m.kind, contractMinutes: m.contractMinutesPerWeek ?? null, plannedMinutes: 0, byDate: new Map() });
  }
  for (const a of rota.assignments) {
    let row = rows.get(a.staffId);
    if (!row) {
      row = { staffId: a.staffId, name: a.staffName, kind: a.bankState ? 'bank' : 'contracted', contractMinutes: null, plannedMinutes: 0, byDate: new Map() };
      rows.set(a.staffId, row);
    }
    const date = slots.get(a.slotId)?.date ?? '';
    const list = row.byDate.get(date) ?? [];
    list.push(a);
    row.byDate.set(date, list);
    row.plannedMinutes += a.workMinutes;
  }
  for (const row of rows.values()) for (const list of row.byDate.values()) list.sort((x, y) => (slots.get(x.slotId)?.localStart ?? '').localeCompare(slots.get(y.slotId)?.localStart ?? ''));
  return [...rows.values()];
}

/** Unfilled places (and places only proposed or offered) by the local date of their session. */
export function openByDate(rota: Rota): Map<string, Unfilled[]> {
  const slots = new Map(rota.slots.map((s) => [s.id, s]));
  const out = new Map<string, Unfilled[]>();
  for (const u of rota.unfilled) {
    const date = slots.get(u.slotId)?.date ?? '';
    const list = out.get(date) ?? [];
    list.push(u);
    out.set(date, list);
  }
  return out;
}

/** The assignment a suggested move's "remove" names, in this rota. */
export function findAssignment(rota: Rota, place: { slotId: string; roleId: string; workerId: string }): Assignment | undefined {
  return rota.assignments.find((a) => a.slotId === place.slotId && a.roleId === place.roleId && a.staffId === place.workerId);
}

export function scoreText(score: Score): string {
  return `${score.hard === 0 ? 'no hard rule broken' : `hard rules broken: penalty ${score.hard.toLocaleString('en-GB')}`}; soft penalty ${Math.round(score.soft).toLocaleString('en-GB')}`;
}

/** A reason without the worker's name in front (the list names them already). */
export function withoutName(block: string, name: string): string {
  return block.startsWith(`${name}: `) ? block.slice(name.length + 2) : block;
}

export const BANK_STATE_TEXT: Record<BankState, string> = { proposed: 'Proposed', offered: 'Offered', accepted: 'Accepted' };

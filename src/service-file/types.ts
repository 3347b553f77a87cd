// TypeScript form of schemas/service-file.schema.json. Keep the two in step: test/service-file checks
// every fixture against the schema and the compiler reads these types.

/** Local calendar date, YYYY-MM-DD. */
export type LocalDate = string;
/** Local wall-clock time, HH:mm. */
export type LocalTime = string;
export type Weekday = 'MO' | 'TU' | 'WE' | 'TH' | 'FR' | 'SA' | 'SU';

export interface Organisation {
  id: string;
  name: string;
  comment?: string;
}

export interface SiteDef {
  id: string;
  name: string;
  address?: string;
  /** Travel minutes from this site to other sites, by site id. */
  travelMinutes?: Record<string, number>;
  comment?: string;
}

export interface RoleDef {
  id: string;
  name: string;
  comment?: string;
}

export interface SkillDef {
  id: string;
  name: string;
  kind?: 'skill' | 'qualification' | 'approval' | 'licence' | 'training';
  comment?: string;
}

export interface SkillHoldingDef {
  skillId: string;
  /** First local date on which it is valid. */
  validFrom?: LocalDate;
  /** Last local date on which it is valid (inclusive); absent means it never expires. */
  validUntil?: LocalDate;
  reference?: string;
  comment?: string;
}

/** A recurring window of availability; endTime not after startTime ends the next day. */
export interface AvailabilityWindowDef {
  rrule: string;
  startTime: LocalTime;
  endTime: LocalTime;
  from?: LocalDate;
  until?: LocalDate;
  comment?: string;
}

export interface AvailabilityExceptionDef {
  date: LocalDate;
  /** false removes every window starting on the date; true adds startTime-endTime (or the whole day). */
  available: boolean;
  startTime?: LocalTime;
  endTime?: LocalTime;
  comment?: string;
}

export interface AvailabilityDef {
  windows: AvailabilityWindowDef[];
  exceptions?: AvailabilityExceptionDef[];
  comment?: string;
}

export type AbsenceKind = 'leave' | 'sickness' | 'training' | 'other';

export interface AbsenceDef {
  id?: string;
  kind: AbsenceKind;
  /** First local date. */
  from: LocalDate;
  /** Last local date (inclusive). */
  to: LocalDate;
  startTime?: LocalTime;
  endTime?: LocalTime;
  approvedBy?: string;
  comment?: string;
}

export interface PreferenceDef {
  kind: 'desired' | 'undesired';
  weekdays?: Weekday[];
  date?: LocalDate;
  sessionKind?: string;
  templateId?: string;
  weight: number;
  comment?: string;
}

/** One shift worked before the plan, ISO 8601 instants with offset. */
export interface RecentShiftDef {
  start: string;
  end: string;
  comment?: string;
}

export interface HistoryDef {
  /** Minutes worked in each preceding week, most recent last. */
  minutesByWeek: number[];
  /** ISO 8601 instant with offset. */
  lastShiftEnd?: string;
  consecutiveDaysWorked: number;
  consecutiveDaysOff?: number;
  /**
   * Shifts worked in the 7 days before the plan: the fortnightly forms of weekly rest look at them,
   * and a worker with no nightWorker flag counts as a night worker when they show it.
   */
  recentShifts?: RecentShiftDef[];
  comment?: string;
}

export interface StaffLimitsDef {
  maxMinutesPerWeek?: number;
  maxConsecutiveDays?: number;
  /** Overrides rules.minRestMinutes for this worker. */
  minRestMinutes?: number;
  maxShiftsPerDay?: number;
  maxWeekends?: number;
  maxSessionsByKind?: Record<string, number>;
  comment?: string;
}

export interface CaseloadDef {
  allocated: number;
  cap: number;
  comment?: string;
}

export interface StaffMember {
  id: string;
  name: string;
  kind: 'contracted' | 'bank';
  /** Required for contracted staff. */
  contractMinutesPerWeek?: number;
  roles: string[];
  skills?: SkillHoldingDef[];
  /** Absent means always available (absences still apply). */
  availability?: AvailabilityDef;
  absences?: AbsenceDef[];
  refusedSiteIds?: string[];
  costPencePerHour: number;
  preferences?: PreferenceDef[];
  history?: HistoryDef;
  wtrOptOut?: boolean;
  /**
   * Night worker (Working Time Regulations reg. 6): normally works at least 3 hours of their day
   * between 23:00 and 06:00. true or false decides; absent means inferred from their recent shifts.
   */
  nightWorker?: boolean;
  limits?: StaffLimitsDef;
  caseload?: CaseloadDef;
  homeSiteId?: string;
  /** The employer's payroll number, shown beside the worker in the payroll export. */
  payrollNumber?: string;
  /** Where sign-in links, offers and published shifts are emailed. */
  email?: string;
  comment?: string;
}

export interface RoleDemandDef {
  roleId: string;
  min: number;
  preferred: number;
  max: number;
  skills?: string[];
  underWeight?: number;
  overWeight?: number;
  comment?: string;
}

/**
 * A break within a session. Unpaid minutes are not working time: they count towards no hours, no
 * contract and no pay. The window, when given, says when it may be taken: no earlier than
 * startAfterMinutes after the start and ending no later than endBeforeMinutes before the end (never at
 * the very start or end).
 */
export interface BreakDef {
  minutes: number;
  paid: boolean;
  startAfterMinutes?: number;
  endBeforeMinutes?: number;
  comment?: string;
}

export interface SessionTemplate {
  id: string;
  name: string;
  kind: string;
  /** null for remote work. */
  siteId: string | null;
  startTime: LocalTime;
  /** Give endTime or durationMinutes. */
  endTime?: LocalTime;
  /** Elapsed minutes. */
  durationMinutes?: number;
  rrule: string;
  anchorDate?: LocalDate;
  validFrom?: LocalDate;
  /** Last local date on which a session may start (inclusive). */
  validUntil?: LocalDate;
  /** Default true. */
  runsOnBankHolidays?: boolean;
  excludedDates?: LocalDate[];
  extraDates?: LocalDate[];
  demand: RoleDemandDef[];
  paidExtraMinutes?: number;
  /** Breaks taken within the session (a rest break of 20 minutes is due in a working day over 6 hours). */
  breaks?: BreakDef[];
  cancelledMinPaidMinutes?: number;
  tags?: string[];
  priority?: number;
  seriesId?: string;
  comment?: string;
}

export interface ForbiddenSuccessionDef {
  fromKind: string;
  toKind: string;
  comment?: string;
}

/** Weekly rest (reg. 11): 24 h in each 7 days, 48 h in each 14, or two of 24 h in each 14. */
export type WeeklyRestFormDef = '24h-in-7' | '48h-in-14' | '2x24h-in-14';

export interface RuleSettings {
  minRestMinutes?: number;
  weeklyRestMinutes?: number;
  /** Default '24h-in-7'. */
  weeklyRestForm?: WeeklyRestFormDef;
  /** A weekly hard cap for everyone; absent (the default) means none: the law's limit is the average. */
  maxMinutesPerWeek?: number;
  averageMaxMinutesPerWeek?: number;
  averageReferenceWeeks?: number;
  maxConsecutiveDays?: number;
  contractToleranceMinutes?: number;
  forbiddenSuccessions?: ForbiddenSuccessionDef[];
  weights?: Record<string, number>;
  comment?: string;
}

export interface ServiceFile {
  $schema?: string;
  comment?: string;
  formatVersion: 1;
  organisation: Organisation;
  /** IANA zone; default Europe/London. */
  timeZone?: string;
  sites: SiteDef[];
  roles: RoleDef[];
  skills: SkillDef[];
  staff: StaffMember[];
  templates: SessionTemplate[];
  rules?: RuleSettings;
}

export const DEFAULT_TIME_ZONE = 'Europe/London';

/**
 * Rule defaults (UK Working Time Regulations 1998). There is no weekly cap by default: the 48-hour
 * limit is an average over the reference period (reg. 4); rules.maxMinutesPerWeek adds a cap.
 */
export const DEFAULT_RULES = {
  minRestMinutes: 660,
  weeklyRestMinutes: 1440,
  averageMaxMinutesPerWeek: 2880,
  averageReferenceWeeks: 17,
  maxConsecutiveDays: 6,
  contractToleranceMinutes: 0,
} as const;

/** Numbers the Working Time Regulations fix for adult workers (not service settings). */
export const WORKING_TIME_LAW = {
  /** reg. 12: a working day over 6 hours... */
  restBreakAfterWorkMinutes: 360,
  /** ...needs an uninterrupted break of 20 minutes. */
  restBreakMinutes: 20,
  /** reg. 6: night workers average at most 8 hours in each 24 over the reference period. */
  nightWorkerMinutesPer24h: 480,
  /** reg. 2: night time, 23:00 to 06:00 local unless agreed otherwise. */
  nightStartMinuteOfDay: 23 * 60,
  nightEndMinuteOfDay: 6 * 60,
  /** reg. 2: a night worker works at least 3 hours of their daily working time during night time... */
  nightWorkerNightMinutes: 180,
  /** ...as a normal course: here, on at least this share of the days they worked (history). */
  nightWorkerShareOfDays: 1 / 3,
} as const;

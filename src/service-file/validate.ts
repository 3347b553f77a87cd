// Validates a parsed service file: the JSON Schema first (shape and types, every error), then the
// rules a schema cannot say (unique ids, references between objects, RRULEs, time zones, ranges).
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { IANAZone } from 'luxon';
import { projectFile } from '../paths.ts';
import { recurrenceProblem } from '../time/recurrence-rule.ts';
import { formatMinutes } from '../../solver/constraints/types.ts';
import { constraints } from '../../solver/constraints/index.ts';
import type { ServiceFile, SessionTemplate, StaffMember } from './types.ts';

export interface ValidationError {
  /** JSON path in dotted form, e.g. "staff[3].contractMinutesPerWeek"; "" is the whole file. */
  readonly path: string;
  readonly message: string;
}

export type ValidationResult =
  | { readonly ok: true; readonly value: ServiceFile }
  | { readonly ok: false; readonly errors: readonly ValidationError[] };

export const serviceFileSchemaUrl = projectFile('schemas/service-file.schema.json');
export const serviceFileSchema: Record<string, unknown> = JSON.parse(readFileSync(serviceFileSchemaUrl, 'utf8'));

const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;
let compiledCheck: ValidateFunction | undefined;
/** Compiled on first use, not on import: compiling takes most of a second, and much imports this module without validating. */
function schemaCheck(): ValidateFunction {
  if (!compiledCheck) {
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true });
    (addFormats as unknown as (a: Ajv, f: string[]) => void)(ajv, ['date', 'date-time']);
    compiledCheck = ajv.compile(serviceFileSchema);
  }
  return compiledCheck;
}

/** "/staff/3/contractMinutesPerWeek" -> "staff[3].contractMinutesPerWeek". */
export function pointerToPath(pointer: string): string {
  if (pointer === '') return '';
  let out = '';
  for (const raw of pointer.slice(1).split('/')) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(part)) out += `[${part}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(part)) out += out === '' ? part : `.${part}`;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}

function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)) return path === '' ? key : `${path}.${key}`;
  return `${path}[${JSON.stringify(key)}]`;
}

const TYPE_WORDS: Record<string, string> = {
  number: 'a number',
  integer: 'a number',
  string: 'a string',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
  null: 'null',
};

const PATTERN_WORDS: Record<string, string> = {
  '^([01][0-9]|2[0-3]):[0-5][0-9]$': 'must be a local time HH:mm (00:00 to 23:59)',
  '^[A-Za-z0-9][A-Za-z0-9._:-]{0,79}$': "must be an id: letters, digits, '.', '_', ':' or '-' (at most 80)",
  '^\\S(.*\\S)?$': 'must not start or end with a space',
  '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$': 'must be an email address, e.g. name@example.org',
};

function describe(error: ErrorObject): ValidationError {
  const path = pointerToPath(error.instancePath);
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'type': {
      const types = String(p.type).split(',');
      // A fraction where a whole number belongs reads better than "must be a number".
      if (types.length === 1 && types[0] === 'integer' && typeof error.data === 'number') {
        return { path, message: 'must be a whole number' };
      }
      return { path, message: `must be ${types.map((t) => TYPE_WORDS[t] ?? t).join(' or ')}` };
    }
    case 'required':
      return { path: join(path, String(p.missingProperty)), message: 'is required' };
    case 'additionalProperties':
      return { path: join(path, String(p.additionalProperty)), message: 'is not a known field' };
    case 'enum':
      return { path, message: `must be one of: ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
    case 'pattern':
      return { path, message: PATTERN_WORDS[String(p.pattern)] ?? `must match ${String(p.pattern)}` };
    case 'format':
      if (p.format === 'date') return { path, message: 'must be a real date YYYY-MM-DD' };
      if (p.format === 'date-time') return { path, message: 'must be an ISO 8601 date-time with offset, e.g. 2026-11-22T22:00:00Z' };
      return { path, message: `must be a ${String(p.format)}` };
    case 'minimum':
      return { path, message: `must be at least ${String(p.limit)}` };
    case 'maximum':
      return { path, message: `must be at most ${String(p.limit)}` };
    case 'exclusiveMinimum':
      return { path, message: `must be more than ${String(p.limit)}` };
    case 'minLength':
      return { path, message: Number(p.limit) === 1 ? 'must not be empty' : `must have at least ${String(p.limit)} characters` };
    case 'maxLength':
      return { path, message: `must have at most ${String(p.limit)} characters` };
    case 'minItems':
      return { path, message: `must have at least ${String(p.limit)} item${Number(p.limit) === 1 ? '' : 's'}` };
    case 'maxItems':
      return { path, message: `must have at most ${String(p.limit)} items` };
    default:
      return { path, message: error.message ?? `fails ${error.keyword}` };
  }
}

/** Runs a check on one item; an item whose shape is wrong (already reported by the schema) is skipped. */
function safely(check: () => void): void {
  try {
    check();
  } catch {
    // The schema errors already describe what is wrong with this item.
  }
}

type Err = (path: string, message: string) => void;
const MINUTES_IN_WEEK = 7 * 1440;
type Collection = 'sites' | 'roles' | 'skills' | 'staff' | 'templates';
/** The ids each kind of record may be referred to by. */
interface KnownIds {
  readonly siteIds: Set<string>;
  readonly roleIds: Set<string>;
  readonly skillIds: Set<string>;
  readonly templateIds: Set<string>;
}

/**
 * Checks the schema cannot express. Also runs on a file with schema errors, so one pass reports
 * everything; items too malformed to check are skipped.
 */
function semanticErrors(raw: ServiceFile): ValidationError[] {
  const errors: ValidationError[] = [];
  const err: Err = (path, message) => errors.push({ path, message });
  const list = <T,>(v: T[] | undefined): T[] => (Array.isArray(v) ? v : []);
  const file = {
    ...raw,
    sites: list(raw.sites),
    roles: list(raw.roles),
    skills: list(raw.skills),
    staff: list(raw.staff),
    templates: list(raw.templates),
  };
  const ids = (collection: Collection) => uniqueIds(collection, file[collection], err);
  const siteIds = ids('sites');
  const roleIds = ids('roles');
  const skillIds = ids('skills');
  ids('staff');
  const known: KnownIds = { siteIds, roleIds, skillIds, templateIds: ids('templates') };
  // Payroll matches people by their payroll number: two staff with one number would be paid as one.
  uniqueAmongStaff(file.staff, 'payrollNumber', (s) => s.payrollNumber, (n) => `duplicates the payroll number "${n}"`, err);
  // A sign-in link goes to the one person an address names: two staff with one address could not be told apart.
  uniqueAmongStaff(file.staff, 'email', (s) => (typeof s.email === 'string' ? s.email.toLowerCase() : undefined), () => 'duplicates the email address', err);

  if (typeof file.timeZone === 'string' && !IANAZone.isValidZone(file.timeZone)) {
    err('timeZone', `must be an IANA time zone such as "Europe/London" (got "${file.timeZone}")`);
  }
  file.sites.forEach((site, i) => safely(() => {
    for (const other of Object.keys(site.travelMinutes ?? {})) {
      refTo(known.siteIds, 'site', join(`sites[${i}].travelMinutes`, other), other, err);
    }
  }));
  file.staff.forEach((s, i) => safely(() => staffErrors(s, `staff[${i}]`, known, err)));
  file.templates.forEach((t, i) => safely(() => templateErrors(t, `templates[${i}]`, known, err)));
  safely(() => weightErrors(file.rules?.weights, err));
  return errors;
}

const CONSTRAINT_LEVEL = new Map(constraints.map((c) => [c.id, c.level]));

/**
 * Weight overrides name rules of the catalogue: a misspelt id would otherwise pass `rota validate` and
 * stop every plan later (the solver refuses unknown ids), and a hard rule cannot be switched off.
 */
function weightErrors(weights: Record<string, unknown> | undefined, err: Err): void {
  if (typeof weights !== 'object' || weights === null) return;
  for (const [id, weight] of Object.entries(weights)) {
    const path = `rules.weights[${JSON.stringify(id)}]`;
    const level = CONSTRAINT_LEVEL.get(id);
    if (level === undefined) err(path, `no constraint "${id}"; known: ${[...CONSTRAINT_LEVEL.keys()].join(', ')}`);
    else if (level === 'hard' && weight === 0) err(path, 'must be more than 0: a hard rule cannot be switched off');
  }
}

/** The ids of a collection, each duplicate reported against the first holder. */
function uniqueIds(collection: Collection, items: readonly { id?: unknown }[], err: Err): Set<string> {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    if (typeof item !== 'object' || item === null || typeof item.id !== 'string') return;
    const first = seen.get(item.id);
    if (first !== undefined) err(`${collection}[${i}].id`, `duplicates the id "${item.id}" of ${collection}[${first}]`);
    else seen.set(item.id, i);
  });
  return new Set(seen.keys());
}

function uniqueAmongStaff(
  staff: readonly StaffMember[],
  field: string,
  keyOf: (s: StaffMember) => string | undefined,
  duplicates: (key: string) => string,
  err: Err,
): void {
  const seen = new Map<string, number>();
  staff.forEach((s, i) => {
    const key = typeof s === 'object' && s !== null ? keyOf(s) : undefined;
    if (typeof key !== 'string') return;
    const first = seen.get(key);
    if (first !== undefined) err(`staff[${i}].${field}`, `${duplicates(key)} of staff[${first}]`);
    else seen.set(key, i);
  });
}

function refTo(set: Set<string>, what: string, path: string, id: string, err: Err): void {
  if (!set.has(id)) err(path, `refers to unknown ${what} "${id}"`);
}

function checkRrule(path: string, rule: unknown, err: Err): void {
  if (typeof rule !== 'string') return; // the schema reports the type
  const problem = recurrenceProblem(rule);
  if (problem !== null) err(path, problem);
}

function staffErrors(s: StaffMember, at: string, known: KnownIds, err: Err): void {
  if (s.kind === 'contracted' && s.contractMinutesPerWeek === undefined) {
    err(`${at}.contractMinutesPerWeek`, 'is required for contracted staff');
  }
  // A bank worker's hours are only what they accept; a contract on one is a mistake (the kind or the
  // hours), and was silently ignored.
  if (s.kind === 'bank' && typeof s.contractMinutesPerWeek === 'number' && s.contractMinutesPerWeek > 0) {
    err(`${at}.contractMinutesPerWeek`, 'must be absent or 0 for a bank worker (kind "bank" has no contracted hours)');
  }
  if (typeof s.contractMinutesPerWeek === 'number' && s.contractMinutesPerWeek > MINUTES_IN_WEEK) {
    err(`${at}.contractMinutesPerWeek`, `must be at most ${MINUTES_IN_WEEK} (the minutes in a week; got ${s.contractMinutesPerWeek})`);
  }
  s.roles.forEach((r, j) => refTo(known.roleIds, 'role', `${at}.roles[${j}]`, r, err));
  (s.skills ?? []).forEach((h, j) => {
    refTo(known.skillIds, 'skill', `${at}.skills[${j}].skillId`, h.skillId, err);
    if (h.validFrom && h.validUntil && h.validUntil < h.validFrom) {
      err(`${at}.skills[${j}].validUntil`, `must not be before validFrom (${h.validFrom})`);
    }
  });
  (s.refusedSiteIds ?? []).forEach((r, j) => refTo(known.siteIds, 'site', `${at}.refusedSiteIds[${j}]`, r, err));
  if (s.homeSiteId !== undefined) refTo(known.siteIds, 'site', `${at}.homeSiteId`, s.homeSiteId, err);
  s.availability?.windows.forEach((w, j) => {
    checkRrule(`${at}.availability.windows[${j}].rrule`, w.rrule, err);
    if (w.from && w.until && w.until < w.from) err(`${at}.availability.windows[${j}].until`, `must not be before from (${w.from})`);
  });
  s.availability?.exceptions?.forEach((x, j) => {
    if ((x.startTime === undefined) !== (x.endTime === undefined)) {
      err(`${at}.availability.exceptions[${j}]`, 'must give both startTime and endTime, or neither');
    }
  });
  (s.absences ?? []).forEach((a, j) => {
    if (a.to < a.from) err(`${at}.absences[${j}].to`, `must not be before from (${a.from})`);
  });
  (s.preferences ?? []).forEach((p, j) => {
    if (p.templateId !== undefined) refTo(known.templateIds, 'template', `${at}.preferences[${j}].templateId`, p.templateId, err);
  });
  (s.history?.recentShifts ?? []).forEach((r, j) => safely(() => {
    if (Date.parse(r.end) <= Date.parse(r.start)) err(`${at}.history.recentShifts[${j}].end`, `must be after start (${r.start})`);
  }));
}

function templateErrors(t: SessionTemplate, at: string, known: KnownIds, err: Err): void {
  if (t.siteId !== null) refTo(known.siteIds, 'site', `${at}.siteId`, t.siteId, err);
  if ((t.endTime === undefined) === (t.durationMinutes === undefined)) {
    err(at, 'must give exactly one of endTime and durationMinutes');
  }
  if (t.endTime !== undefined && t.endTime === t.startTime) {
    err(`${at}.endTime`, 'must differ from startTime (use durationMinutes: 1440 for a 24-hour session)');
  }
  checkRrule(`${at}.rrule`, t.rrule, err);
  if (t.validFrom && t.validUntil && t.validUntil < t.validFrom) {
    err(`${at}.validUntil`, `must not be before validFrom (${t.validFrom})`);
  }
  breakErrors(t, at, err);
  const seenRoles = new Set<string>();
  t.demand.forEach((d, j) => {
    const dat = `${at}.demand[${j}]`;
    refTo(known.roleIds, 'role', `${dat}.roleId`, d.roleId, err);
    if (seenRoles.has(d.roleId)) err(`${dat}.roleId`, `role "${d.roleId}" appears twice in this template's demand`);
    seenRoles.add(d.roleId);
    if (d.preferred < d.min) err(`${dat}.preferred`, `must be at least min (${d.min})`);
    if (d.max < d.preferred) err(`${dat}.max`, `must be at least preferred (${d.preferred})`);
    (d.skills ?? []).forEach((k, m) => refTo(known.skillIds, 'skill', `${dat}.skills[${m}]`, k, err));
  });
}

/** Minutes of "HH:mm" after midnight. */
function clockMinutes(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** The session's length on an ordinary day (a clock change makes one a little shorter or longer). */
function nominalMinutes(t: SessionTemplate): number | undefined {
  if (t.durationMinutes !== undefined) return Number.isInteger(t.durationMinutes) && t.durationMinutes > 0 ? t.durationMinutes : undefined;
  // A malformed time is the schema's error to report; no break can be judged against it.
  const clock = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;
  if (typeof t.startTime !== 'string' || typeof t.endTime !== 'string' || !clock.test(t.startTime) || !clock.test(t.endTime)) return undefined;
  const m = (clockMinutes(t.endTime) - clockMinutes(t.startTime) + 1440) % 1440;
  return m === 0 ? undefined : m;
}

/**
 * A break must fit inside its session with work before and after it (Working Time Regulations reg. 12:
 * a rest break is not taken at the start or end of the working day), and the breaks together must leave
 * some work.
 */
function breakErrors(t: SessionTemplate, at: string, err: Err): void {
  const breaks = Array.isArray(t.breaks) ? t.breaks : [];
  const length = nominalMinutes(t);
  if (breaks.length === 0 || length === undefined) return;
  const session = `the ${formatMinutes(length)} session`;
  let total = 0;
  let fits = true;
  const fail = (path: string, message: string) => {
    fits = false;
    err(path, message);
  };
  breaks.forEach((b, j) => {
    const bat = `${at}.breaks[${j}]`;
    if (typeof b !== 'object' || b === null || typeof b.minutes !== 'number') return;
    total += b.minutes;
    const after = b.startAfterMinutes;
    const before = b.endBeforeMinutes;
    if (after === 0) fail(`${bat}.startAfterMinutes`, 'must be more than 0: a break is not taken at the very start of the session');
    if (before === 0) fail(`${bat}.endBeforeMinutes`, 'must be more than 0: a break is not taken at the very end of the session');
    if (b.minutes >= length - 1) {
      fail(`${bat}.minutes`, `must be shorter than ${session}, leaving work before and after it`);
      return;
    }
    if (after !== undefined && after >= length) fail(`${bat}.startAfterMinutes`, `must fall within ${session}`);
    else if (before !== undefined && before >= length) fail(`${bat}.endBeforeMinutes`, `must fall within ${session}`);
    else if ((after ?? 1) + b.minutes + (before ?? 1) > length) {
      fail(bat, `a ${formatMinutes(b.minutes)} break does not fit between ${formatMinutes(after ?? 0)} after the start and ${formatMinutes(before ?? 0)} before the end of ${session}`);
    }
  });
  if (fits && total >= length) err(`${at}.breaks`, `the breaks (${formatMinutes(total)} in all) leave no work in ${session}`);
}

/** Every problem in the file, each with its JSON path; or the file, typed, when it has none. */
export function validateServiceFile(json: unknown): ValidationResult {
  const check = schemaCheck();
  const shapeOk = check(json);
  const errors = shapeOk ? [] : (check.errors ?? []).map(describe);
  if (typeof json === 'object' && json !== null && !Array.isArray(json)) {
    // Reference checks go on where the shape allows, but never repeat a path the schema already flagged.
    const flagged = new Set(errors.map((e) => e.path));
    for (const e of semanticErrors(json as ServiceFile)) if (shapeOk || !flagged.has(e.path)) errors.push(e);
  }
  // Ajv can report one failure twice through a $ref; keep one copy of each message.
  const seen = new Set<string>();
  const unique = errors.filter((e) => {
    const key = `${e.path}\u0000${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.length === 0 ? { ok: true, value: json as ServiceFile } : { ok: false, errors: unique };
}

/** Formats errors one per line, "path: message", for people. */
export function formatValidationErrors(errors: readonly ValidationError[]): string {
  return errors.map((e) => `  ${e.path === '' ? '(file)' : e.path}: ${e.message}`).join('\n');
}

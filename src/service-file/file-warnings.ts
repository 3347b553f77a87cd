// Warnings about a valid service file: things that plan, but almost certainly not as the writer
// meant. `rota validate` prints them and an import answers them; neither refuses the file.
import type { BankHolidayCalendar } from '../time/bank-holidays.ts';
import { templateGapWarnings, type FileWarning } from './template-gaps.ts';
import type { ServiceFile } from './types.ts';

/**
 * Session kinds named by rules and staff limits that no template has: a misspelt kind ("nite") makes
 * a forbidden succession, a cap or a preference that never applies. A warning, not an error: the API
 * edits templates one at a time, so a kind may be named before its template exists.
 */
export function unknownKindWarnings(file: ServiceFile): FileWarning[] {
  const kinds = new Set(file.templates.map((t) => t.kind));
  const known = [...kinds].sort().join(', ');
  const out: FileWarning[] = [];
  const check = (path: string, kind: string) => {
    if (!kinds.has(kind)) out.push({ path, message: `no template has the session kind "${kind}" (kinds: ${known}), so this never applies` });
  };
  (file.rules?.forbiddenSuccessions ?? []).forEach((f, i) => {
    check(`rules.forbiddenSuccessions[${i}].fromKind`, f.fromKind);
    check(`rules.forbiddenSuccessions[${i}].toKind`, f.toKind);
  });
  file.staff.forEach((s, i) => {
    (s.preferences ?? []).forEach((p, j) => {
      if (p.sessionKind !== undefined) check(`staff[${i}].preferences[${j}].sessionKind`, p.sessionKind);
    });
    for (const kind of Object.keys(s.limits?.maxSessionsByKind ?? {})) check(`staff[${i}].limits.maxSessionsByKind[${JSON.stringify(kind)}]`, kind);
  });
  return out;
}

export function fileWarnings(file: ServiceFile, calendar?: BankHolidayCalendar): FileWarning[] {
  return [...templateGapWarnings(file, calendar), ...unknownKindWarnings(file)];
}

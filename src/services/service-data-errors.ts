// How service-data's refusals read: archived ids, and validation errors of
// the file moved onto the request body they came from.
import type { ArchivedItem } from '../db/repositories/service-file-repo.ts';
import type { ServiceFile } from '../service-file/types.ts';
import type { ValidationError } from '../service-file/validate.ts';
import { ConflictError, type FieldError } from './errors.ts';
import type { ListKind } from './service-data.ts';

export const NOUN: Record<ListKind, string> = { staff: 'staff member', sites: 'site', templates: 'template' };

export function archivedMessage(serviceId: string, a: ArchivedItem): string {
  return `"${a.id}" is an archived ${NOUN[a.kind]} (${a.name}, archived ${a.archivedAt}); ids are never reused: restore it with POST /services/${serviceId}/${a.kind}/${a.id}/restore, or leave it out`;
}

export function archivedIdConflict(serviceId: string, a: ArchivedItem, path: string): ConflictError {
  return new ConflictError(`${NOUN[a.kind]} "${a.id}" is archived and its id is never reused`, { errors: [{ path, message: archivedMessage(serviceId, a) }] });
}

/** Errors about the edited item are reported against the request body; others keep their file path. */
export function rebase(e: ValidationError, own: string): FieldError {
  if (e.path === own) return { path: 'body', message: e.message };
  if (e.path.startsWith(`${own}.`) || e.path.startsWith(`${own}[`)) {
    return { path: `body${e.path.slice(own.length)}`, message: e.message };
  }
  return { path: e.path, message: e.message };
}

export function bodyPath(e: ValidationError): FieldError {
  return { path: e.path === '' ? 'body' : `body.${e.path}`, message: e.message };
}

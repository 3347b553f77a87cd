// Service data: import a whole service file, and edit its parts (staff, qualifications, availability,
// leave, sites, templates). Every edit is checked by validating the whole file it would produce, so
// the API accepts exactly what the CLI accepts, and is written through the same upsert as an import.
import type { Db } from '../db/client.ts';
import { markServiceRotasChanged } from '../db/repositories/rota-repo.ts';
import * as files from '../db/repositories/service-file-repo.ts';
import type { ArchivedItem, ImportReport, ServiceSummary } from '../db/repositories/service-file-repo.ts';
import { siteReferences, staffReferences, templateReferences, type References } from '../db/repositories/references-repo.ts';
import { withdrawInvitesOf } from '../offers/archived-worker.ts';
import { closeSelfServiceOf } from '../self-service/archived-staff.ts';
import type {
  AbsenceDef,
  AvailabilityDef,
  ServiceFile,
  SessionTemplate,
  SiteDef,
  SkillHoldingDef,
  StaffMember,
} from '../service-file/types.ts';
import { validateServiceFile } from '../service-file/validate.ts';
import type { FileWarning } from '../service-file/template-gaps.ts';
import { fileWarnings } from '../service-file/file-warnings.ts';
import { actorName, type Actor } from './actor.ts';
import { recordAudit } from './audit.ts';
import { BadRequestError, ConflictError, NotFoundError, type FieldError } from './errors.ts';
import { archivedIdConflict, archivedMessage, bodyPath, NOUN, rebase } from './service-data-errors.ts';
import { revokeEverythingOf } from './tokens.ts';

export type ListKind = 'staff' | 'sites' | 'templates';
type ItemOf<K extends ListKind> = K extends 'staff' ? StaffMember : K extends 'sites' ? SiteDef : SessionTemplate;

/** What DELETE did: removed outright (nothing referred to it), or archived (something does). */
export interface RemoveOutcome {
  deleted: boolean;
  archived: boolean;
  /** What still refers to it, by kind, when it was archived. */
  heldBy: References;
  /**
   * For a staff member: tokens and calendar feeds revoked, offers they were taken out of, and swaps
   * and requests of theirs still in play that were closed.
   */
  revoked?: { tokens: number; calendarFeeds: number; offerInvites: number; selfService: number };
}

export class ServiceDataService {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  importFile(actor: Actor, json: unknown): { serviceId: string; report: ImportReport; warnings: FileWarning[] } {
    const checked = validateServiceFile(json);
    if (!checked.ok) throw new BadRequestError('the service file is not valid', checked.errors.map(bodyPath));
    const file = checked.value;
    this.refuseArchivedIds(file);
    const report = this.db.transaction((tx) => {
      const r = files.upsertServiceFile(tx, file, this.now().toISOString());
      const changed = Object.values(r).some((c) => c.created + c.updated > 0);
      if (changed) {
        markServiceRotasChanged(tx, file.organisation.id);
        recordAudit(tx, this.now(), {
          actor,
          action: 'service.import',
          entity: 'service',
          entityId: file.organisation.id,
          serviceId: file.organisation.id,
          details: { report: r },
        });
      }
      return r;
    });
    return { serviceId: file.organisation.id, report, warnings: fileWarnings(file) };
  }

  listServices(): ServiceSummary[] {
    return files.listServices(this.db);
  }

  exportFile(serviceId: string): ServiceFile {
    const file = files.loadServiceFile(this.db, serviceId);
    if (!file) throw new NotFoundError('service', serviceId);
    return file;
  }

  // ---------- staff, sites, templates: lists of items with ids ----------

  list<K extends ListKind>(serviceId: string, kind: K): ItemOf<K>[] {
    return this.exportFile(serviceId)[kind] as ItemOf<K>[];
  }

  get<K extends ListKind>(serviceId: string, kind: K, id: string): ItemOf<K> {
    const item = this.list(serviceId, kind).find((x) => x.id === id);
    if (!item) throw this.notFound(serviceId, kind, id);
    return item;
  }

  create<K extends ListKind>(actor: Actor, serviceId: string, kind: K, item: ItemOf<K>): ItemOf<K> {
    const file = this.exportFile(serviceId);
    const list = file[kind] as ItemOf<K>[];
    if (list.some((x) => x.id === item.id)) throw new ConflictError(`${NOUN[kind]} "${item.id}" already exists in ${serviceId}`);
    const archived = files.listArchived(this.db, serviceId, kind, item.id)[0];
    if (archived) throw archivedIdConflict(serviceId, archived, 'body.id');
    list.push(item);
    this.write(actor, file, kind, item, list.length - 1, 'create');
    return this.get(serviceId, kind, item.id);
  }

  replace<K extends ListKind>(actor: Actor, serviceId: string, kind: K, id: string, item: ItemOf<K>): ItemOf<K> {
    if (item.id !== id) {
      throw new BadRequestError('the id in the body differs from the id in the path', [
        { path: 'body.id', message: `must be "${id}" (the id in the path)` },
      ]);
    }
    const file = this.exportFile(serviceId);
    const list = file[kind] as ItemOf<K>[];
    const index = list.findIndex((x) => x.id === id);
    if (index < 0) throw this.notFound(serviceId, kind, id);
    list[index] = item;
    this.write(actor, file, kind, item, index, 'update');
    return this.get(serviceId, kind, id);
  }

  /**
   * DELETE: a record nothing refers to is removed; one that rotas, offers, payroll, tokens or feeds
   * still refer to is archived instead (out of planning, lists and exports; kept for history and
   * pay; its id never given to anyone else). Archiving a staff member ends their tokens, calendar
   * feeds and waiting offers. Either way, refused with 409 while the service's own data uses it.
   */
  remove(actor: Actor, serviceId: string, kind: ListKind, id: string, reason?: string): RemoveOutcome {
    const file = this.exportFile(serviceId);
    const list = file[kind] as { id: string }[];
    const index = list.findIndex((x) => x.id === id);
    if (index < 0) throw this.notFound(serviceId, kind, id);
    list.splice(index, 1);
    const checked = validateServiceFile(file);
    if (!checked.ok) {
      // Removing something others refer to (a site a template uses) would leave the service invalid.
      throw new ConflictError(`${NOUN[kind]} "${id}" is still referred to: ${checked.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`, {
        errors: checked.errors,
      });
    }
    const now = this.now();
    return this.db.transaction((tx) => {
      const heldBy =
        kind === 'staff' ? staffReferences(tx, serviceId, id) : kind === 'templates' ? templateReferences(tx, serviceId, id) : siteReferences(tx, serviceId, id);
      markServiceRotasChanged(tx, serviceId);
      if (Object.keys(heldBy).length === 0) {
        if (kind === 'staff') files.deleteStaff(tx, serviceId, id);
        else if (kind === 'sites') files.deleteSite(tx, serviceId, id);
        else files.deleteTemplate(tx, serviceId, id);
        recordAudit(tx, now, { actor, action: `${kind}.delete`, entity: kind, entityId: id, serviceId, reason: reason ?? null });
        return { deleted: true, archived: false, heldBy };
      }
      files.archiveItem(tx, serviceId, kind, id, now.toISOString(), actorName(actor));
      let revoked: RemoveOutcome['revoked'];
      if (kind === 'staff') {
        const ended = revokeEverythingOf(tx as unknown as Db, serviceId, id, now);
        // The offers module prepares statements on the connection; this transaction is on the same one.
        const offerInvites = withdrawInvitesOf(this.db, serviceId, id, now.getTime(), 'the staff member was archived');
        const selfService = closeSelfServiceOf(tx, actor, serviceId, id, now);
        revoked = { tokens: ended.tokens, calendarFeeds: ended.feeds, offerInvites, selfService };
      }
      recordAudit(tx, now, {
        actor,
        action: `${kind}.archive`,
        entity: kind,
        entityId: id,
        serviceId,
        reason: reason ?? null,
        details: { heldBy, ...(revoked ? { revoked } : {}) },
      });
      return { deleted: false, archived: true, heldBy, ...(revoked ? { revoked } : {}) };
    });
  }

  /** Archived staff, sites and templates of a service. */
  archived(serviceId: string): ArchivedItem[] {
    this.exportFile(serviceId);
    return files.listArchived(this.db, serviceId);
  }

  /**
   * Brings an archived record back as it was (the same person, site or template), checked against
   * the service as it is now. Revoked tokens stay revoked: a restored worker needs a new one.
   */
  restore<K extends ListKind>(actor: Actor, serviceId: string, kind: K, id: string): ItemOf<K> {
    const file = this.exportFile(serviceId);
    const item =
      kind === 'staff'
        ? files.loadArchivedStaff(this.db, serviceId, id)
        : kind === 'sites'
          ? files.loadArchivedSite(this.db, serviceId, id)
          : files.loadArchivedTemplate(this.db, serviceId, id);
    if (!item) {
      if ((file[kind] as { id: string }[]).some((x) => x.id === id)) throw new ConflictError(`${NOUN[kind]} "${id}" is not archived`);
      throw new NotFoundError(`archived ${NOUN[kind]}`, id);
    }
    const list = file[kind] as unknown[];
    list.push(item);
    const checked = validateServiceFile(file);
    if (!checked.ok) {
      const own = `${kind}[${list.length - 1}]`;
      throw new ConflictError(`${NOUN[kind]} "${id}" cannot come back as it was: ${checked.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`, {
        errors: checked.errors.map((e) => rebase(e, own)),
      });
    }
    this.db.transaction((tx) => {
      files.restoreItem(tx, serviceId, kind, id);
      markServiceRotasChanged(tx, serviceId);
      recordAudit(tx, this.now(), { actor, action: `${kind}.restore`, entity: kind, entityId: id, serviceId });
    });
    return this.get(serviceId, kind, id);
  }

  // ---------- parts of one staff member ----------

  qualifications(serviceId: string, staffId: string): SkillHoldingDef[] {
    return this.get(serviceId, 'staff', staffId).skills ?? [];
  }

  /** Sets the holding of one skill (replacing any earlier holdings of it), e.g. a renewed AMHP approval. */
  putQualification(actor: Actor, serviceId: string, staffId: string, skillId: string, body: Omit<SkillHoldingDef, 'skillId'>): SkillHoldingDef[] {
    return this.editStaff(actor, serviceId, staffId, 'qualification.put', (m) => {
      const others = (m.skills ?? []).filter((q) => q.skillId !== skillId);
      m.skills = [...others, { skillId, ...body }];
    }).skills ?? [];
  }

  removeQualification(actor: Actor, serviceId: string, staffId: string, skillId: string): void {
    const member = this.get(serviceId, 'staff', staffId);
    if (!(member.skills ?? []).some((q) => q.skillId === skillId)) throw new NotFoundError(`qualification of ${staffId}`, skillId);
    this.editStaff(actor, serviceId, staffId, 'qualification.delete', (m) => {
      m.skills = (m.skills ?? []).filter((q) => q.skillId !== skillId);
      if (m.skills.length === 0) delete m.skills;
    });
  }

  availability(serviceId: string, staffId: string): AvailabilityDef | null {
    return this.get(serviceId, 'staff', staffId).availability ?? null;
  }

  putAvailability(actor: Actor, serviceId: string, staffId: string, availability: AvailabilityDef): AvailabilityDef | null {
    return this.editStaff(actor, serviceId, staffId, 'availability.put', (m) => {
      m.availability = availability;
    }, 'availability').availability ?? null;
  }

  /** Back to "always available" (absences still apply). */
  removeAvailability(actor: Actor, serviceId: string, staffId: string): void {
    this.editStaff(actor, serviceId, staffId, 'availability.delete', (m) => {
      delete m.availability;
    });
  }

  leave(serviceId: string, staffId: string): (AbsenceDef & { id: string })[] {
    return files.withAbsenceIds(this.get(serviceId, 'staff', staffId).absences ?? []).map((x) => x.absence);
  }

  addLeave(actor: Actor, serviceId: string, staffId: string, absence: AbsenceDef): AbsenceDef & { id: string } {
    const existing = this.leave(serviceId, staffId);
    if (absence.id !== undefined && existing.some((a) => a.id === absence.id)) {
      throw new ConflictError(`absence "${absence.id}" already exists for ${staffId}`);
    }
    // Give it an explicit id so it can be addressed later (derived ids could shift as others change).
    const id = absence.id ?? files.withAbsenceIds([...existing, { ...absence, id: undefined }]).at(-1)!.absence.id;
    this.editStaff(actor, serviceId, staffId, 'leave.create', (m) => {
      m.absences = [...existing, { ...absence, id }];
    }, `absences[${existing.length}]`);
    return this.leave(serviceId, staffId).find((a) => a.id === id)!;
  }

  replaceLeave(actor: Actor, serviceId: string, staffId: string, leaveId: string, absence: AbsenceDef): AbsenceDef & { id: string } {
    const existing = this.leave(serviceId, staffId);
    const index = existing.findIndex((a) => a.id === leaveId);
    if (index < 0) throw new NotFoundError(`absence of ${staffId}`, leaveId);
    if (absence.id !== undefined && absence.id !== leaveId) {
      throw new BadRequestError('the id in the body differs from the id in the path', [{ path: 'body.id', message: `must be "${leaveId}"` }]);
    }
    this.editStaff(actor, serviceId, staffId, 'leave.update', (m) => {
      const next = [...existing];
      next[index] = { ...absence, id: leaveId };
      m.absences = next;
    }, `absences[${index}]`);
    return this.leave(serviceId, staffId).find((a) => a.id === leaveId)!;
  }

  removeLeave(actor: Actor, serviceId: string, staffId: string, leaveId: string): void {
    const existing = this.leave(serviceId, staffId);
    if (!existing.some((a) => a.id === leaveId)) throw new NotFoundError(`absence of ${staffId}`, leaveId);
    this.editStaff(actor, serviceId, staffId, 'leave.delete', (m) => {
      m.absences = existing.filter((a) => a.id !== leaveId);
      if (m.absences.length === 0) delete m.absences;
    });
  }

  // ---------- internals ----------

  private notFound(serviceId: string, kind: ListKind, id: string): Error {
    const archived = files.listArchived(this.db, serviceId, kind, id)[0];
    if (!archived) return new NotFoundError(NOUN[kind], id);
    return new NotFoundError(
      NOUN[kind],
      id,
      `${NOUN[kind]} "${id}" (${archived.name}) was archived on ${archived.archivedAt}; restore it with POST /services/${serviceId}/${kind}/${id}/restore`,
    );
  }

  /** Ids are never given to someone (or something) else: an import naming an archived id is refused. */
  private refuseArchivedIds(file: ServiceFile): void {
    const archived = files.listArchived(this.db, file.organisation.id);
    if (archived.length === 0) return;
    const errors: FieldError[] = [];
    for (const kind of ['staff', 'sites', 'templates'] as const) {
      (file[kind] as { id: string }[]).forEach((item, i) => {
        const hit = archived.find((a) => a.kind === kind && a.id === item.id);
        if (hit) errors.push({ path: `body.${kind}[${i}].id`, message: archivedMessage(file.organisation.id, hit) });
      });
    }
    if (errors.length > 0) {
      throw new ConflictError(`the file names archived records: ${errors.map((e) => e.path).join(', ')}`, { errors });
    }
  }

  private editStaff(
    actor: Actor,
    serviceId: string,
    staffId: string,
    action: string,
    edit: (member: StaffMember) => void,
    bodyAt?: string,
  ): StaffMember {
    const file = this.exportFile(serviceId);
    const index = file.staff.findIndex((s) => s.id === staffId);
    if (index < 0) throw new NotFoundError('staff member', staffId);
    const member = structuredClone(file.staff[index]);
    edit(member);
    file.staff[index] = member;
    this.write(actor, file, 'staff', member, index, action, bodyAt);
    return this.get(serviceId, 'staff', staffId);
  }

  /** Validates the whole file with the change in it, then writes the one changed item. */
  private write(actor: Actor, file: ServiceFile, kind: ListKind, item: { id: string }, index: number, action: string, bodyAt?: string): void {
    const checked = validateServiceFile(file);
    if (!checked.ok) {
      const own = `${kind}[${index}]${bodyAt ? `.${bodyAt}` : ''}`;
      throw new BadRequestError(`the change would make ${file.organisation.id} invalid`, checked.errors.map((e) => rebase(e, own)));
    }
    const serviceId = file.organisation.id;
    this.db.transaction((tx) => {
      const outcome =
        kind === 'staff'
          ? files.putStaff(tx, serviceId, item as StaffMember)
          : kind === 'sites'
            ? files.putSite(tx, serviceId, item as SiteDef)
            : files.putTemplate(tx, serviceId, item as SessionTemplate);
      if (outcome !== 'unchanged') {
        // Stored rota scores were judged on the old data; the next read rescores them.
        markServiceRotasChanged(tx, serviceId);
        recordAudit(tx, this.now(), {
          actor,
          action: action.includes('.') ? action : `${kind}.${action}`,
          entity: kind,
          entityId: item.id,
          serviceId,
        });
      }
    });
  }
}

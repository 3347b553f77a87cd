// Rotas (one service, one week), their assignments, and the record of every solve.
import { index, integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { ConstraintSummary, SolveProgress, SolveQuality, StageRecord, UnfilledPlace } from '../../../solver/model.ts';
import { services } from './organisation.ts';

export type RotaStatus = 'queued' | 'running' | 'done' | 'failed';

/** What the API shows about each slot of the rota (from the compiled slot and its SlotInfo), frozen at solve time. */
export type StoredSlot = {
  id: string;
  label: string;
  templateId: string;
  kind: string;
  siteId: string | null;
  siteName: string | null;
  date: string;
  localStart: string;
  localEnd: string;
  startIso: string;
  endIso: string;
  startMin: number;
  endMin: number;
  workMinutes: number;
  /** Unpaid breaks within the session (absent on rotas solved before breaks existed: 0). */
  unpaidBreakMinutes?: number;
  isBankHoliday: boolean;
  roles: { roleId: string; min: number; preferred: number; max: number; skills: string[] }[];
};

export const rotas = sqliteTable(
  'rotas',
  {
    id: text('id').primaryKey(),
    serviceId: text('service_id')
      .notNull()
      .references(() => services.id, { onDelete: 'cascade' }),
    /** Local date of the Monday the rota starts (YYYY-MM-DD). */
    weekStart: text('week_start').notNull(),
    status: text('status', { enum: ['queued', 'running', 'done', 'failed'] }).notNull(),
    /** Solves since creation; 1 for the first, +1 per re-plan. */
    solveCount: integer('solve_count').notNull().default(0),
    progress: text('progress', { mode: 'json' }).$type<SolveProgress>(),
    feasible: integer('feasible', { mode: 'boolean' }),
    scoreHard: integer('score_hard'),
    scoreSoft: real('score_soft'),
    analysis: text('analysis', { mode: 'json' }).$type<ConstraintSummary[]>(),
    unfilled: text('unfilled', { mode: 'json' }).$type<UnfilledPlace[]>(),
    /** What the last solve proved: a lower bound on the week's score, and how near the rota came. */
    quality: text('quality', { mode: 'json' }).$type<SolveQuality>(),
    slots: text('slots', { mode: 'json' }).$type<StoredSlot[]>(),
    /** What the week was compiled with that a manager should know (a session the clock change removes, history not applied), frozen with the slots. */
    warnings: text('warnings', { mode: 'json' }).$type<string[]>(),
    error: text('error'),
    /**
     * Bumped by changes that do not rescore at once (an accepted bank offer, on the hot path); the
     * stored score, analysis and unfilled list describe the rota as of scoredVersion, and a read
     * that finds the two apart rescores first.
     */
    changeVersion: integer('change_version').notNull().default(0),
    scoredVersion: integer('scored_version').notNull().default(0),
    publishedAt: text('published_at'),
    publishedBy: text('published_by'),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('rotas_service_week').on(t.serviceId, t.weekStart)],
);

export const assignments = sqliteTable(
  'assignments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    rotaId: text('rota_id')
      .notNull()
      .references(() => rotas.id, { onDelete: 'cascade' }),
    serviceId: text('service_id').notNull(),
    slotId: text('slot_id').notNull(),
    roleId: text('role_id').notNull(),
    /** Staff id within the service; no foreign key, so history survives a staff member's removal. */
    staffId: text('staff_id').notNull(),
    /** UTC minutes since the epoch, copied from the slot so history and payroll need no recompile. */
    startMin: integer('start_min').notNull(),
    endMin: integer('end_min').notNull(),
    workMinutes: integer('work_minutes').notNull(),
    pinned: integer('pinned', { mode: 'boolean' }).notNull().default(false),
    source: text('source', { enum: ['solver', 'manual', 'offer'] }).notNull(),
    published: integer('published', { mode: 'boolean' }).notNull().default(false),
    /**
     * A bank worker's place that is only a proposal (the solver's or a manager's choice): the worker
     * holds nothing until they accept an offer. Never published; publishing turns it into an offer
     * (or leaves it "to offer"). Accepted places (source 'offer') are never proposed.
     */
    proposed: integer('proposed', { mode: 'boolean' }).notNull().default(false),
    /** Set when a manager placed the worker despite a hard rule; the reasons are in the audit log. */
    overridden: integer('overridden', { mode: 'boolean' }).notNull().default(false),
    note: text('note'),
    updatedAt: text('updated_at').notNull(),
    updatedBy: text('updated_by').notNull(),
  },
  (t) => [
    index('assignments_rota').on(t.rotaId),
    index('assignments_staff_time').on(t.serviceId, t.staffId, t.startMin),
  ],
);

export const solveRuns = sqliteTable(
  'solve_runs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    rotaId: text('rota_id')
      .notNull()
      .references(() => rotas.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['generate', 'replan'] }).notNull(),
    /** sha256 of the compiled problem and the solve options, so two runs on equal input can be matched. */
    inputHash: text('input_hash').notNull(),
    seed: integer('seed').notNull(),
    weights: text('weights', { mode: 'json' }).$type<Record<string, number>>(),
    timeLimitMs: integer('time_limit_ms'),
    maxMoves: integer('max_moves'),
    status: text('status', { enum: ['running', 'done', 'failed'] }).notNull(),
    startedAt: text('started_at').notNull(),
    finishedAt: text('finished_at'),
    durationMs: integer('duration_ms'),
    scoreHard: integer('score_hard'),
    scoreSoft: real('score_soft'),
    moves: integer('moves'),
    /** The solve's quality (lower bound, optimal or within a gap) and what each stage did. */
    quality: text('quality', { mode: 'json' }).$type<SolveQuality>(),
    stages: text('stages', { mode: 'json' }).$type<StageRecord[]>(),
    error: text('error'),
    requestedBy: text('requested_by').notNull(),
  },
  (t) => [index('solve_runs_rota').on(t.rotaId)],
);

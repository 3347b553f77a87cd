// The accept path's SQL, prepared once per connection (the path runs thousands of times a second);
// the statements read raw rows and run on the caller's connection, so inside its transaction.
import type BetterSqlite3 from 'better-sqlite3';
import type { Db } from '../db/client.ts';

const SQL = {
  offer: 'SELECT * FROM offers WHERE id = ?',
  invites: 'SELECT * FROM offer_invites WHERE offer_id = ? ORDER BY rank',
  invite: 'SELECT * FROM offer_invites WHERE offer_id = ? AND staff_id = ?',
  places: 'SELECT * FROM offer_places WHERE offer_id = ? ORDER BY position',
  rota: 'SELECT id, service_id, week_start, status, published_at FROM rotas WHERE id = ?',
  placeAssignments: 'SELECT id, role_id, staff_id, proposed FROM assignments WHERE rota_id = ? AND slot_id = ?',
  // Who holds a (session, role) of a week: this rota's places, and the places published or accepted
  // in its other versions (the same booking, a fixed fact for every rota of the week).
  heldInSession:
    "SELECT COUNT(DISTINCT staff_id) AS n FROM assignments WHERE rota_id IN (SELECT id FROM rotas WHERE service_id = ? AND week_start = ?) AND slot_id = ? AND role_id = ? AND proposed = 0 AND (rota_id = ? OR published = 1 OR source = 'offer')",
  fillsOf: 'SELECT position, assignment_id FROM offer_fills WHERE offer_id = ? AND staff_id = ? ORDER BY position',
  filledPositions: 'SELECT position FROM offer_fills WHERE offer_id = ?',
  fillOfAssignment: 'SELECT offer_id, staff_id FROM offer_fills WHERE assignment_id = ?',
  deleteFill: 'DELETE FROM offer_fills WHERE assignment_id = ?',
  // An offer opening or closing changes which places are spoken for in each of its rotas.
  markOfferRotasChanged:
    'UPDATE rotas SET change_version = change_version + 1, updated_at = ? WHERE id IN (SELECT DISTINCT rota_id FROM offer_places WHERE offer_id = ?)',
  // A proposal binds nobody: what a worker holds is what they accepted or were given (not proposed).
  workerAssignments: 'SELECT slot_id, role_id, staff_id FROM assignments WHERE rota_id = ? AND staff_id = ? AND proposed = 0',
  // Fixed facts in other rotas: accepted sessions and published places (a draft's plan binds nobody).
  heldAll:
    "SELECT rota_id, staff_id, slot_id, start_min, end_min FROM assignments WHERE service_id = ? AND start_min < ? AND end_min > ? AND (source = 'offer' OR published = 1)",
  heldOne:
    "SELECT rota_id, staff_id, slot_id, start_min, end_min FROM assignments WHERE service_id = ? AND staff_id = ? AND start_min < ? AND end_min > ? AND (source = 'offer' OR published = 1)",
  updateOffer: 'UPDATE offers SET status = ?, winner_staff_id = ?, closed_at_ms = ?, next_expiry_ms = ? WHERE id = ?',
  updateInvite:
    'UPDATE offer_invites SET status = ?, sent_at_ms = ?, expires_at_ms = ?, closed_at_ms = ?, reason = ? WHERE offer_id = ? AND staff_id = ?',
  withdrawRest: "UPDATE offer_invites SET status = 'withdrawn', closed_at_ms = ?, reason = ? WHERE offer_id = ? AND status IN ('open', 'queued')",
  insertEvent: 'INSERT INTO offer_events (offer_id, type, staff_id, at_ms, reason, actor) VALUES (?, ?, ?, ?, ?, ?)',
  insertAssignment:
    "INSERT INTO assignments (rota_id, service_id, slot_id, role_id, staff_id, start_min, end_min, work_minutes, pinned, source, published, overridden, note, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, 'offer', ?, 0, ?, ?, ?)",
  // The rota's stored score no longer describes it; the next read rescores (rota-service refreshScore).
  markRotaChanged: 'UPDATE rotas SET change_version = change_version + 1, updated_at = ? WHERE id = ?',
  // The week's fixed facts changed: rotas of the service that can overlap it rescore on their next read.
  markWeeksChanged: 'UPDATE rotas SET change_version = change_version + 1 WHERE service_id = ? AND week_start >= ? AND week_start <= ?',
  markRotaOfAssignmentChanged:
    'UPDATE rotas SET change_version = change_version + 1, updated_at = ? WHERE id = (SELECT rota_id FROM assignments WHERE id = ?)',
  deleteAssignment: 'DELETE FROM assignments WHERE id = ?',
  insertFill: 'INSERT INTO offer_fills (offer_id, position, staff_id, assignment_id, at_ms) VALUES (?, ?, ?, ?, ?)',
  // The offer's next step as a delayed job (see src/jobs/README.md): one live row per offer.
  liveOfferStep: "SELECT id, state, run_at_ms FROM jobs WHERE kind = 'offer-step' AND key = ? AND state IN ('queued', 'running')",
  moveOfferStep: 'UPDATE jobs SET run_at_ms = ? WHERE id = ?',
  deleteOfferStep: 'DELETE FROM jobs WHERE id = ?',
  insertOfferStep:
    "INSERT INTO jobs (kind, key, run_at_ms, state, attempts, max_attempts, created_at_ms) VALUES ('offer-step', ?, ?, 'queued', 0, 5, ?)",
  insertAudit:
    'INSERT INTO audit_log (at, actor, action, entity, entity_id, service_id, reason, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
} as const;

type Statements = { [K in keyof typeof SQL]: BetterSqlite3.Statement };
const preparedByConnection = new WeakMap<BetterSqlite3.Database, Statements>();

export function st(db: Db): Statements {
  const sqlite = db.$client;
  let s = preparedByConnection.get(sqlite);
  if (!s) {
    s = Object.fromEntries(Object.entries(SQL).map(([k, sql]) => [k, sqlite.prepare(sql)])) as Statements;
    preparedByConnection.set(sqlite, s);
  }
  return s;
}

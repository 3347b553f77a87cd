// The accept benchmark's workload: a bank service of five venues, one rota per week, and a token for
// the manager and for each bank worker, written straight into a fresh database.
import type { Settings } from './run.ts';

export const HOST = '127.0.0.1';
const FIRST_WEEK = '2026-11-30';
const SERVICE_ID = 'bench-bank';

/** What the load generator needs of the seeded database. */
export interface Seeded {
  /** One rota per week; the first is the warm-up. */
  readonly rotaIds: readonly string[];
  readonly manager: string;
  /** Each bank worker's token by staff id. */
  readonly tokenOf: ReadonlyMap<string, string>;
}

/** Seeds the service, one rota per week, a manager token and one worker token per bank worker. */
export async function seedDatabase(dbPath: string, settings: Pick<Settings, 'weeks' | 'sessionsPerDay' | 'workers'>): Promise<Seeded> {
  const { weeks, sessionsPerDay, workers } = settings;
  const { openDb, closeDb } = await import('../../src/db/client.ts');
  const { upsertServiceFile } = await import('../../src/db/repositories/service-file-repo.ts');
  const { rotas } = await import('../../src/db/schema/index.ts');
  const { createToken } = await import('../../src/services/tokens.ts');
  const { addDays } = await import('../../src/time/local-time.ts');
  const db = openDb(dbPath);
  const nowIso = new Date().toISOString();
  upsertServiceFile(db, benchService(workers, sessionsPerDay), nowIso);
  const rotaIds: string[] = [];
  for (let w = 0; w < weeks; w++) {
    const id = `bench-week-${w}`;
    db.insert(rotas).values({ id, serviceId: SERVICE_ID, weekStart: addDays(FIRST_WEEK, 7 * w), status: 'done', createdAt: nowIso, createdBy: 'bench', updatedAt: nowIso }).run();
    rotaIds.push(id);
  }
  const manager = createToken(db, { role: 'manager', label: 'bench' }).token;
  const tokenOf = new Map<string, string>();
  for (let i = 0; i < workers; i++) tokenOf.set(workerId(i), createToken(db, { role: 'worker', staffId: workerId(i) }).token);
  closeDb(db);
  return { rotaIds, manager, tokenOf };
}

function workerId(i: number): string {
  return `bank-${String(i).padStart(4, '0')}`;
}

/** A North Kent style bank: sessions at five venues Monday to Friday, 3 hours plus 1 paid hour. */
function benchService(workers: number, sessionsPerDay: number) {
  const days = ['MO', 'TU', 'WE', 'TH', 'FR'] as const;
  const times = [
    ['09:00', '12:00'],
    ['13:00', '16:00'],
    ['18:00', '21:00'],
    ['10:00', '13:00'],
    ['14:00', '17:00'],
    ['09:30', '12:30'],
    ['13:30', '16:30'],
    ['17:30', '20:30'],
  ] as const;
  const sites = ['gravesend', 'dartford', 'swanley', 'sevenoaks', 'tonbridge'];
  return {
    formatVersion: 1 as const,
    organisation: { id: SERVICE_ID, name: 'Bench Bank' },
    timeZone: 'Europe/London',
    sites: sites.map((id) => ({ id, name: `${id[0].toUpperCase()}${id.slice(1)} venue` })),
    roles: [{ id: 'support', name: 'Bank support worker' }],
    skills: [],
    staff: Array.from({ length: workers }, (_, i) => ({
      id: workerId(i),
      name: `Bank Worker ${i}`,
      kind: 'bank' as const,
      roles: ['support'],
      costPencePerHour: 1150 + (i % 9) * 15,
      // Some workers will not travel to one venue, so eligible sets differ from place to place.
      ...(i % 5 === 0 ? { refusedSiteIds: [sites[i % sites.length]] } : {}),
    })),
    templates: days.flatMap((day, d) =>
      times.slice(0, sessionsPerDay).map(([startTime, endTime], k) => ({
        id: `s-${day}-${k}`,
        name: `Wellbeing session ${day} ${startTime}`,
        kind: 'wellbeing',
        siteId: sites[(d + k) % sites.length],
        startTime,
        endTime,
        paidExtraMinutes: 60,
        rrule: `FREQ=WEEKLY;BYDAY=${day}`,
        demand: [{ roleId: 'support', min: 1, preferred: 1, max: 1 }],
      })),
    ),
  };
}

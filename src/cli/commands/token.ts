// `rota token create --role manager|worker|payroll [--staff ID] [--service ID] [--label TEXT]`
import { dbPathFromEnv, openDb } from '../../db/client.ts';
import { recordAudit } from '../../services/audit.ts';
import { SYSTEM_ACTOR, ROLES, type Role } from '../../services/actor.ts';
import { AppError } from '../../services/errors.ts';
import { createToken } from '../../services/tokens.ts';
import { UsageError, type Command } from '../io.ts';

const USAGE = [
  'usage: rota token create --role manager|worker|payroll [--staff ID] [--service ID] [--label TEXT] [--db PATH]',
  '',
  'Prints a new API bearer token (only its sha256 is stored, so it is shown once).',
  'A worker token is bound to one staff member (--staff); --service picks the service when the id is in several.',
  'The database is --db, else ROTA_DB, else data/rota.db.',
].join('\n');

function parseFlags(args: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const flag = args[i];
    if (!flag.startsWith('--')) throw new UsageError(`unexpected argument "${flag}"`);
    const value = args[i + 1];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a value`);
    out[flag.slice(2)] = value;
    i++;
  }
  return out;
}

export const tokenCommand: Command = {
  name: 'token',
  summary: 'create an API token (manager, worker or payroll)',
  usage: USAGE,
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub !== 'create') throw new UsageError(sub === undefined ? 'say what to do: token create' : `unknown subcommand "${sub}"`);
    const flags = parseFlags(rest);
    for (const key of Object.keys(flags)) {
      if (!['role', 'staff', 'service', 'label', 'db'].includes(key)) throw new UsageError(`unknown option --${key}`);
    }
    const role = flags.role as Role | undefined;
    if (!role || !ROLES.includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
    if (role === 'worker' && !flags.staff) throw new UsageError('a worker token needs --staff ID');
    if (role !== 'worker' && flags.staff) throw new UsageError('--staff is only for worker tokens');
    const db = openDb(flags.db ?? dbPathFromEnv());
    try {
      const created = createToken(db, { role, staffId: flags.staff, serviceId: flags.service, label: flags.label ?? 'cli' });
      recordAudit(db, new Date(), {
        actor: SYSTEM_ACTOR,
        action: 'token.create',
        entity: 'token',
        entityId: String(created.id),
        serviceId: created.actor.serviceId ?? null,
        details: { role, staffId: created.actor.staffId ?? null, via: 'cli' },
      });
      io.stdout.write(`${created.token}\n`);
      const who = created.actor.staffId ? ` for ${created.actor.serviceId}/${created.actor.staffId}` : '';
      io.stderr.write(`created ${role} token #${created.id}${who}; send it as: Authorization: Bearer <token>\n`);
      return 0;
    } catch (error) {
      if (error instanceof AppError) throw new UsageError(error.message);
      throw error;
    } finally {
      db.$client.close();
    }
  },
};

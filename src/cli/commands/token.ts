// `rota token create --role manager|worker|payroll [--name NAME] [--staff ID] [--service ID] [--label TEXT] [--days N]`
import { databaseExists, dbPathFromEnv, openDb } from '../../db/client.ts';
import { CLI_ACTOR, ROLES, type Role } from '../../services/actor.ts';
import { AppError } from '../../services/errors.ts';
import { issueToken, MAX_TOKEN_DAYS, tokenDaysFromEnv } from '../../services/tokens.ts';
import { UsageError, type Command } from '../io.ts';

const USAGE = [
  'usage: rota token create --role manager|worker|payroll [--name NAME] [--staff ID] [--service ID] [--label TEXT] [--days N] [--db PATH]',
  '',
  'Prints a new API bearer token (only its sha256 is stored, so it is shown once).',
  'A manager or payroll token names the person who holds it (--name "Jo Bloggs"): the audit log shows them.',
  'A worker token is bound to one staff member (--staff) and named after them; --service picks the service',
  'when the id is in several. Tokens expire after --days (default ROTA_TOKEN_DAYS, else 90).',
  'The database is --db, else ROTA_DB, else data/rota.db; it must exist (the server creates it on its first start).',
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
      if (!['role', 'name', 'staff', 'service', 'label', 'days', 'db'].includes(key)) throw new UsageError(`unknown option --${key}`);
    }
    const role = flags.role as Role | undefined;
    if (!role || !ROLES.includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
    if (role === 'worker' && !flags.staff) throw new UsageError('a worker token needs --staff ID');
    if (role !== 'worker' && flags.staff) throw new UsageError('--staff is only for worker tokens');
    if (role !== 'worker' && !flags.name?.trim()) throw new UsageError(`a ${role} token needs --name "Their Name": the audit log names the person`);
    if (role === 'worker' && flags.name !== undefined) throw new UsageError('a worker token is named after its staff member; leave out --name');
    let days: number;
    try {
      days = flags.days === undefined ? tokenDaysFromEnv() : Number(flags.days);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    if (!Number.isInteger(days) || days < 1 || days > MAX_TOKEN_DAYS) throw new UsageError(`--days must be a whole number from 1 to ${MAX_TOKEN_DAYS}`);
    const path = flags.db ?? dbPathFromEnv();
    // Opening a missing file would create an empty database nobody serves: the token would be useless.
    if (!databaseExists(path)) {
      throw new UsageError(
        `no database at ${path}: start the server once (npm start) to create it, or point ROTA_DB or --db at the database the server uses`,
      );
    }
    const db = openDb(path);
    try {
      const created = issueToken(
        db,
        { role, name: flags.name, staffId: flags.staff, serviceId: flags.service, label: flags.label ?? 'cli', expiresInDays: days },
        new Date(),
        CLI_ACTOR,
        { via: 'cli' },
      );
      io.stdout.write(`${created.token}\n`);
      const who = created.actor.staffId ? ` for ${created.actor.name} (${created.actor.serviceId}/${created.actor.staffId})` : ` for ${created.actor.name}`;
      io.stderr.write(`created ${role} token #${created.id}${who}, expires ${created.expiresAt}; send it as: Authorization: Bearer <token>\n`);
      return 0;
    } catch (error) {
      if (error instanceof AppError) throw new UsageError(error.message);
      throw error;
    } finally {
      db.$client.close();
    }
  },
};

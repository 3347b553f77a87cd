// `rota user add --email ADDRESS --name NAME --role manager|payroll` and `rota user list`: managers and
// payroll who sign in to the web app with a link sent to their email.
import { dbPathFromEnv, openDb } from '../../db/client.ts';
import { SYSTEM_ACTOR } from '../../services/actor.ts';
import { AppError } from '../../services/errors.ts';
import { addUser, listUsers } from '../../services/sign-in.ts';
import { UsageError, type Command } from '../io.ts';

const USAGE = [
  'usage: rota user add --email ADDRESS --name NAME --role manager|payroll [--db PATH]',
  '       rota user list [--db PATH]',
  '',
  'Adds a manager or payroll user: they sign in to the web app with a link sent to ADDRESS',
  '(staff sign in with the email on their staff record). The database is --db, else ROTA_DB, else data/rota.db.',
].join('\n');

function parseFlags(args: readonly string[], allowed: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const flag = args[i];
    if (!flag.startsWith('--')) throw new UsageError(`unexpected argument "${flag}"`);
    const key = flag.slice(2);
    if (!allowed.includes(key)) throw new UsageError(`unknown option ${flag}`);
    const value = args[i + 1];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a value`);
    out[key] = value;
    i++;
  }
  return out;
}

export const userCommand: Command = {
  name: 'user',
  summary: 'add or list managers and payroll who sign in by email',
  usage: USAGE,
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub !== 'add' && sub !== 'list') throw new UsageError(sub === undefined ? 'say what to do: user add, or user list' : `unknown subcommand "${sub}"`);
    const flags = parseFlags(rest, sub === 'add' ? ['email', 'name', 'role', 'db'] : ['db']);
    if (sub === 'add') {
      if (!flags.email || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(flags.email.trim())) throw new UsageError('--email must be an email address');
      if (!flags.name?.trim()) throw new UsageError('--name is required');
      if (flags.role !== 'manager' && flags.role !== 'payroll') throw new UsageError('--role must be manager or payroll');
    }
    const db = openDb(flags.db ?? dbPathFromEnv());
    try {
      if (sub === 'list') {
        for (const u of listUsers(db)) io.stdout.write(`${u.id}\t${u.role}\t${u.email}\t${u.name}${u.disabledAt ? `\tdisabled ${u.disabledAt}` : ''}\n`);
        return 0;
      }
      const user = addUser(db, SYSTEM_ACTOR, { email: flags.email, name: flags.name, role: flags.role as 'manager' | 'payroll' }, new Date());
      io.stdout.write(`added ${user.role} ${user.name} <${user.email}> (user ${user.id}); they sign in with a link sent to that address\n`);
      return 0;
    } catch (error) {
      if (error instanceof AppError) throw new UsageError(error.message);
      throw error;
    } finally {
      db.$client.close();
    }
  },
};

// `rota validate <file>...`: check service files without planning; every problem with its JSON path.
import { loadServiceFile } from '../../service-file/load.ts';
import { formatValidationErrors } from '../../service-file/validate.ts';
import { fileWarnings } from '../../service-file/file-warnings.ts';
import { UsageError, type Command } from '../io.ts';

const USAGE = `usage: rota validate <service-file.json>...

Checks each file against the service-file schema and its cross-references (ids, roles, skills, sites,
RRULEs, time zone) and lists every problem with its JSON path. A valid file may still get warnings
(e.g. date-ranged templates of one kind that leave days with no session between their ranges).
exit codes: 0 all valid (warnings or not); 2 a file is invalid or no file was given.`;

export const validateCommand: Command = {
  name: 'validate',
  summary: 'check service files and list every problem with its JSON path',
  usage: USAGE,
  async run(args, io) {
    if (args.includes('--help') || args.includes('-h')) {
      io.stdout.write(`${USAGE}\n`);
      return 0;
    }
    const unknown = args.find((a) => a.startsWith('-'));
    if (unknown) throw new UsageError(`unknown option '${unknown}'`);
    if (args.length === 0) throw new UsageError('give at least one service file');
    let code = 0;
    for (const path of args) {
      const result = loadServiceFile(path);
      if (result.ok) {
        const f = result.value;
        io.stdout.write(`${path}: valid (${f.organisation.name}: ${f.staff.length} staff, ${f.sites.length} sites, ${f.templates.length} session templates)\n`);
        for (const w of fileWarnings(f)) io.stdout.write(`  warning: ${w.path}: ${w.message}\n`);
      } else {
        const n = result.errors.length;
        io.stderr.write(`${path}: ${n} problem${n === 1 ? '' : 's'}:\n${formatValidationErrors(result.errors)}\n`);
        code = 2;
      }
    }
    return code;
  },
};

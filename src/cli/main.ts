// The `rota` command line: a small table of subcommands. To add one, write src/cli/commands/<name>.ts
// exporting a Command and add it to COMMANDS below.
import { processIo, UsageError, type CliIo, type Command } from './io.ts';
import { planCommand } from './commands/plan.ts';
import { validateCommand } from './commands/validate.ts';
import { tokenCommand } from './commands/token.ts';
import { userCommand } from './commands/user.ts';

export const COMMANDS: readonly Command[] = [planCommand, validateCommand, tokenCommand, userCommand];

function usage(): string {
  const width = Math.max('help'.length, ...COMMANDS.map((c) => c.name.length));
  return [
    'usage: rota <command> [options]',
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    `  ${'help'.padEnd(width)}  show this, or \`rota help <command>\``,
    '',
  ].join('\n');
}

/** Runs the CLI; returns the exit code (0 ok, 1 plan or run failed, 2 bad usage or input). */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr.write(usage());
    return 2;
  }
  if (name === 'help' || name === '--help' || name === '-h') {
    const topic = rest[0] && COMMANDS.find((c) => c.name === rest[0]);
    io.stdout.write(topic ? `${topic.usage}\n` : usage());
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`rota: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`rota ${command.name}: ${err.message}\n\n${command.usage}\n`);
      return 2;
    }
    io.stderr.write(`rota ${command.name}: ${(err as Error).message}\n`);
    return 1;
  }
}

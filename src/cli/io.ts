// What a command writes to: the process streams, or buffers in tests (main() runs in-process).

export interface OutStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

export interface CliIo {
  readonly stdout: OutStream;
  readonly stderr: OutStream;
  /** Milliseconds from any fixed origin; injected so the solver never reads the clock. */
  readonly clock: () => number;
}

export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, clock: () => performance.now() };
}

/** A command's answer to bad input: printed to stderr, exit code 2. */
export class UsageError extends Error {}

export interface Command {
  readonly name: string;
  /** One line for `rota help`. */
  readonly summary: string;
  /** Usage lines for `rota help <name>`. */
  readonly usage: string;
  run(args: readonly string[], io: CliIo): Promise<number>;
}

// Command-line options of the benchmarks: `--name value`, and whole numbers checked against a range
// so a typo stops the run naming the option instead of measuring something else.
export function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

export function intArg(name: string, fallback: number, min: number, max: number): number {
  const raw = arg(name);
  const n = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name}: must be a whole number from ${min} to ${max}`);
  return n;
}

// `npm ci` on Node 20 must print no engine warnings: every installed package's `engines.node` range,
// as the lockfile records it, accepts the Node this runs on (CI runs Node 20), and so does ours.
import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

interface LockEntry {
  version?: string;
  engines?: { node?: string } | string[];
  optional?: boolean;
}

const lock = JSON.parse(readFileSync(new URL('../package-lock.json', import.meta.url), 'utf8')) as { packages: Record<string, LockEntry> };
const own = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { engines: { node: string } };

describe('engines', () => {
  it('every locked package accepts this Node version, so npm ci warns of none', () => {
    const node = process.versions.node;
    const refused: string[] = [];
    for (const [path, entry] of Object.entries(lock.packages)) {
      if (path === '' || entry.optional) continue;
      const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
      if (range && !semver.satisfies(node, range, { includePrerelease: true })) refused.push(`${path}@${entry.version}: node ${range}`);
    }
    expect(refused).toEqual([]);
  });

  it("the project's own engines field is true of Node 20", () => {
    expect(semver.satisfies('20.0.0', own.engines.node)).toBe(true);
  });
});

// Where the built web app lives: build/web at the package root (found by walking up to package.json,
// so the answer is the same whether this runs from src/ or from compiled output).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function packageRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) return start;
    dir = up;
  }
  return dir;
}

export const WEB_BUILD_DIR = join(packageRoot(dirname(fileURLToPath(import.meta.url))), 'build', 'web');

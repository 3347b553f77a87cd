// Where the project's own files are (schemas, migrations, fixtures, bundled data), whether the code
// runs from the TypeScript sources (src/, under vitest or tsx) or compiled (dist/src/, `npm start`).
// The compiled tree holds JavaScript only; everything else is read from the checkout.

/** The project's root folder, as a file URL ending in "/". */
export const PROJECT_ROOT = new URL(import.meta.url.endsWith('.js') ? '../../' : '../', import.meta.url);

/** A file or folder of the project, by its path from the root (e.g. "schemas/api/"). */
export function projectFile(path: string): URL {
  return new URL(path, PROJECT_ROOT);
}

// JSON files as people save them: editors on Windows (Notepad, Excel's "CSV UTF-8" cousins) start
// UTF-8 files with a byte-order mark, which JSON.parse refuses. Every JSON file the product reads
// from disk goes through here.
import { readFileSync } from 'node:fs';

const BOM = '\uFEFF';

/** The text without a leading byte-order mark. */
export function withoutBom(text: string): string {
  return text.startsWith(BOM) ? text.slice(1) : text;
}

/** JSON.parse of a file's text, a leading byte-order mark allowed. */
export function parseJsonText(text: string): unknown {
  return JSON.parse(withoutBom(text));
}

/** Reads and parses a UTF-8 JSON file (with or without a byte-order mark). */
export function readJsonFile(path: string | URL): unknown {
  return parseJsonText(readFileSync(path, 'utf8'));
}

// Reads a service file from disk: JSON syntax errors and schema errors come back in one shape.
import { readFileSync } from 'node:fs';
import { parseJsonText } from '../json-text.ts';
import { validateServiceFile, type ValidationResult } from './validate.ts';

export function loadServiceFile(path: string): ValidationResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { ok: false, errors: [{ path: '', message: code === 'ENOENT' ? `file not found: ${path}` : `cannot read ${path}: ${(err as Error).message}` }] };
  }
  let json: unknown;
  try {
    json = parseJsonText(text);
  } catch (err) {
    return { ok: false, errors: [{ path: '', message: `not valid JSON: ${(err as Error).message}` }] };
  }
  return validateServiceFile(json);
}

// Constraint violations, whichever database raised them (SQLite's SQLITE_CONSTRAINT_* codes,
// PostgreSQL's SQLSTATE class 23).
function code(error: unknown): string {
  return error instanceof Error && 'code' in error ? String((error as { code: unknown }).code) : '';
}

/** A unique or primary key refused a second row. */
export function isUniqueViolation(error: unknown): boolean {
  const c = code(error);
  return c === 'SQLITE_CONSTRAINT_UNIQUE' || c === 'SQLITE_CONSTRAINT_PRIMARYKEY' || c === '23505';
}

/** Any constraint (unique, primary or foreign key, not null, check) refused a write. */
export function isConstraintViolation(error: unknown): boolean {
  const c = code(error);
  return c.startsWith('SQLITE_CONSTRAINT') || /^23\d{3}$/.test(c);
}

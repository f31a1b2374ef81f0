/** A PostgreSQL unique violation (23505), possibly wrapped by drizzle, on `constraint`. */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  let current = error;
  while (current && typeof current === 'object') {
    const { code, constraint: violated, cause } = current as { code?: string; constraint?: string; cause?: unknown };
    if (code === '23505') return violated === constraint;
    current = cause;
  }
  return false;
}

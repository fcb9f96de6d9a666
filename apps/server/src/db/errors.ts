/** PostgreSQL's unique_violation: two requests raced for the same slug, SKU or idempotency key. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

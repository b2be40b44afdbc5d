/**
 * Roles as Better Auth's admin plugin stores them: one string, possibly a
 * comma-separated list ("admin" or "admin,support"). The gate and the
 * server-side checks use the same reading.
 */
export function parseRoles(role: unknown): string[] {
  return typeof role === "string"
    ? role
        .split(",")
        .map((r) => r.trim())
        .filter(Boolean)
    : [];
}

export function hasRole(role: unknown, wanted: string): boolean {
  return parseRoles(role).includes(wanted);
}

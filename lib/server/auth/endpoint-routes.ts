/**
 * Which endpoint a path under /api/auth names, read from the auth instance
 * itself (`auth.api`), so endpoints that plugins add are known without a
 * list of ours. Paths match as Better Auth's router matches them: segment by
 * segment, `:name` standing for any one segment (`/callback/:id`,
 * `/reset-password/:token`).
 *
 * The rate limiter counts per endpoint, not per path (./rate-limit.ts): a
 * path that names no endpoint is answered 404 by the router and writes
 * nothing, and `/reset-password/<token>` is counted as
 * `/reset-password/:token`, so no counter's key carries a token or grows
 * with what a client typed.
 */

interface EndpointLike {
  path?: unknown;
  options?: { metadata?: { SERVER_ONLY?: boolean } };
}

/** The endpoint's path pattern that `path` names, or null when it names none. */
export type EndpointRoutes = (path: string) => string | null;

const isParameter = (segment: string) => segment.startsWith(":");

export function endpointRoutes(api: Record<string, unknown>): EndpointRoutes {
  const exact = new Set<string>();
  const patterns: string[][] = [];
  for (const endpoint of Object.values(api) as EndpointLike[]) {
    // The router serves neither server-only endpoints nor ones without a path.
    if (typeof endpoint?.path !== "string" || endpoint.options?.metadata?.SERVER_ONLY) continue;
    const segments = endpoint.path.split("/");
    if (segments.some(isParameter)) patterns.push(segments);
    else exact.add(endpoint.path);
  }
  return (path) => {
    if (exact.has(path)) return path;
    const segments = path.split("/");
    const match = patterns.find(
      (pattern) =>
        pattern.length === segments.length &&
        pattern.every((part, i) => (isParameter(part) ? segments[i] !== "" : part === segments[i])),
    );
    return match ? match.join("/") : null;
  };
}

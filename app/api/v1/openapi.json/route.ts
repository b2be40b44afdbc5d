import { OPENAPI } from "@/lib/shared/api/openapi";

/**
 * The API's OpenAPI description. Public (lib/gate/routes.ts) and the same for
 * everyone, so shared caches may keep it; five minutes bounds how long a
 * changed API is described by the old document.
 */
export function GET(): Response {
  return Response.json(OPENAPI, { headers: { "cache-control": "public, max-age=300" } });
}

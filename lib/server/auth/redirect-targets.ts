/**
 * Every redirect target a request hands Better Auth, made to stay on this
 * origin before Better Auth sees it. Better Auth checks these against its
 * trusted origins, but some endpoints then put the value in `Location` as
 * given: `/.//evil.example` passes the check and browsers read the answer
 * `Location: //evil.example` as another host. The app's own rule
 * (sameOriginPath) is applied instead, to the query string and to JSON or
 * form bodies alike, for every endpoint, including those plugins add later.
 * A safe target is handed on as that rule reads it (dot segments resolved);
 * a request naming any unsafe one, or one name twice, is refused whole
 * (`null` here, a 403 from the route): a clear error for a client's mistake,
 * and nothing an attacker's link could still make the endpoint do.
 */
import { sameOriginPath } from "@/lib/shared/auth/redirects";

/** The parameter names Better Auth (core and plugins) reads as places to send the browser. */
export const REDIRECT_PARAMS = ["callbackURL", "errorCallbackURL", "newUserCallbackURL", "redirectTo"] as const;

/**
 * Sets each target in `params` to its safe reading, in place; true when
 * anything changed, null when a target is unsafe or named twice.
 */
function sanitizeParams(params: URLSearchParams): boolean | null {
  let changed = false;
  for (const name of REDIRECT_PARAMS) {
    const values = params.getAll(name);
    if (values.length === 0) continue;
    const safe = values.length === 1 ? sameOriginPath(values[0]) : null;
    if (safe === null) return null;
    if (safe !== values[0]) {
      params.set(name, safe);
      changed = true;
    }
  }
  return changed;
}

/** The request URL with its redirect targets read safely, or null when one is unsafe. */
export function sanitizedUrl(url: string): string | null {
  const parsed = new URL(url);
  const changed = sanitizeParams(parsed.searchParams);
  if (changed === null) return null;
  return changed ? parsed.toString() : url;
}

/**
 * The body with its redirect targets read safely, the body unchanged when it
 * has none to change (or is not JSON or a form: Better Auth refuses those
 * anyway), or null when one is unsafe.
 */
export function sanitizedBody(body: ArrayBuffer, contentType: string | null): ArrayBuffer | string | null {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (type === "application/x-www-form-urlencoded") {
    const params = new URLSearchParams(new TextDecoder().decode(body));
    const changed = sanitizeParams(params);
    if (changed === null) return null;
    return changed ? params.toString() : body;
  }
  if (type !== "application/json") return body;
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(body));
  } catch {
    return body;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return body;
  const fields = parsed as Record<string, unknown>;
  let changed = false;
  for (const name of REDIRECT_PARAMS) {
    if (!Object.hasOwn(fields, name) || fields[name] === undefined) continue;
    const safe = sameOriginPath(fields[name]);
    if (safe === null) return null;
    if (safe !== fields[name]) {
      fields[name] = safe;
      changed = true;
    }
  }
  return changed ? JSON.stringify(fields) : body;
}

/** The answer to a request naming a redirect target off this origin. */
export function unsafeRedirectAnswer(): Response {
  return Response.json(
    { code: "INVALID_REDIRECT_TARGET", message: "Redirect targets must be paths on this site" },
    { status: 403 },
  );
}

/**
 * Every redirect target a request hands Better Auth, made to stay on this
 * origin before Better Auth sees it. Better Auth checks these against its
 * trusted origins, but some endpoints then put the value in `Location` as
 * given: `/.//evil.example` passes the check and browsers read the answer
 * `Location: //evil.example` as another host. The app's own rule
 * (sameOriginPath) is applied instead, to the query string and to JSON or
 * form bodies alike, for every endpoint, including those plugins add later.
 * A target that fails it becomes DEFAULT_AFTER_SIGN_IN.
 */
import { DEFAULT_AFTER_SIGN_IN, sameOriginPath } from "@/lib/shared/auth/redirects";

/** The parameter names Better Auth (core and plugins) reads as places to send the browser. */
export const REDIRECT_PARAMS = ["callbackURL", "errorCallbackURL", "newUserCallbackURL", "redirectTo"] as const;

const safeTarget = (value: unknown): string => sameOriginPath(value) ?? DEFAULT_AFTER_SIGN_IN;

/** Replaces unsafe targets in `params` in place (one value per name); true when anything changed. */
function sanitizeParams(params: URLSearchParams): boolean {
  let changed = false;
  for (const name of REDIRECT_PARAMS) {
    const values = params.getAll(name);
    if (values.length === 0) continue;
    const safe = safeTarget(values[0]);
    if (values.length > 1 || safe !== values[0]) {
      params.set(name, safe);
      changed = true;
    }
  }
  return changed;
}

/** The request URL with its redirect targets made safe. */
export function sanitizedUrl(url: string): string {
  const parsed = new URL(url);
  return sanitizeParams(parsed.searchParams) ? parsed.toString() : url;
}

/**
 * The body with its redirect targets made safe, or the body unchanged when it
 * has none to change (or is not JSON or a form: Better Auth refuses those anyway).
 */
export function sanitizedBody(body: ArrayBuffer, contentType: string | null): ArrayBuffer | string {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (type === "application/x-www-form-urlencoded") {
    const params = new URLSearchParams(new TextDecoder().decode(body));
    return sanitizeParams(params) ? params.toString() : body;
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
    const safe = safeTarget(fields[name]);
    if (safe !== fields[name]) {
      fields[name] = safe;
      changed = true;
    }
  }
  return changed ? JSON.stringify(fields) : body;
}

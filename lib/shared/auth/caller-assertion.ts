/**
 * The gate checks an API key with the server (one database read and the
 * plugin's usage count) and then tells the route handler whom it found, in a
 * signed request header, so the handler need not check the key again (which
 * would count the request twice against the key's limit). The assertion names
 * the request's method and path and lives 30 seconds: it is good for this
 * request only. It never leaves the server; a client sending the header
 * cannot sign it.
 */
import type { HmacKey } from "@/lib/shared/hmac";
import { signStamped, verifiedStamped } from "@/lib/shared/signed-header";
import type { ApiScope } from "./api-credentials";

export const CALLER_ASSERTION_HEADER = "x-edgegate-caller";
const MAX_AGE_MS = 30_000;

/** Whom a key acts for: a person (with their roles) or an organization (no person, no roles). */
export interface KeyCaller {
  keyId: string;
  user: { id: string; email: string } | null;
  organization: { id: string; slug: string } | null;
  roles: string[];
  scopes: ApiScope[];
}

export function signKeyCaller(caller: KeyCaller, method: string, path: string, key: HmacKey, now = Date.now()): string {
  return signStamped([method, path, caller], key, now);
}

/** The caller the gate found for this method and path, or null (forged, stale, or for another request). */
export function verifiedKeyCaller(value: string, method: string, path: string, key: HmacKey, now = Date.now()) {
  const fields = verifiedStamped(value, key, MAX_AGE_MS, now);
  if (!fields || fields[0] !== method || fields[1] !== path) return null;
  return fields[2] as KeyCaller;
}

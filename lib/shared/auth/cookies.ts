/**
 * The session cookies' names and format, decided once. Better Auth (the
 * writer) and the edge gate (the reader) both take their settings from here,
 * so they cannot drift apart: `Secure`/`__Secure-` follows the base URL's
 * protocol, never NODE_ENV.
 */
import { parseCookies } from "better-call";
import type { AuthEnv } from "@/lib/shared/env";

export const COOKIE_PREFIX = "edgegate";
/** Better Auth's "compact" cache: base64url(JSON) signed with HMAC-SHA-256. */
export const CACHE_STRATEGY = "compact";

export interface CookieConfig {
  prefix: string;
  secure: boolean;
  /** Full cookie names as the browser sends them. */
  sessionTokenName: string;
  sessionDataName: string;
  strategy: typeof CACHE_STRATEGY;
  /** Seconds the signed session cache stays valid. */
  cacheMaxAge: number;
}

export function cookieConfig(env: Pick<AuthEnv, "baseURL" | "sessionCacheMaxAge">): CookieConfig {
  const secure = env.baseURL.startsWith("https://");
  const namePrefix = `${secure ? "__Secure-" : ""}${COOKIE_PREFIX}.`;
  return {
    prefix: COOKIE_PREFIX,
    secure,
    sessionTokenName: `${namePrefix}session_token`,
    sessionDataName: `${namePrefix}session_data`,
    strategy: CACHE_STRATEGY,
    cacheMaxAge: env.sessionCacheMaxAge,
  };
}

/**
 * A Cookie header read exactly as Better Auth's endpoints read it (better-call's
 * parser, the same function): where a name appears twice the first one counts.
 * Anything that judges a session must see the cookie the server will see.
 */
export function readCookies(header: string | null | undefined): Map<string, string> {
  return parseCookies(header ?? "");
}

/** The cache cookie, or one of the chunks (`name.0`, `name.1`, …) Better Auth splits a large one into. */
function isCacheCookie(cookieName: string, cacheName: string): boolean {
  if (cookieName === cacheName) return true;
  return cookieName.startsWith(`${cacheName}.`) && /^\d+$/.test(cookieName.slice(cacheName.length + 1));
}

/** The cookies re-serialized as a Cookie header, without the session cache or its chunks. */
export function cookieHeaderWithoutCache(cookies: ReadonlyMap<string, string>, cacheName: string): string {
  const pairs: string[] = [];
  for (const [name, value] of cookies) {
    if (!isCacheCookie(name, cacheName)) pairs.push(`${name}=${encodeURIComponent(value)}`);
  }
  return pairs.join("; ");
}

/** A copy of `headers` whose Cookie header no longer carries the session cache. */
export function headersWithoutCache(headers: Headers, cacheName: string): Headers {
  const copy = new Headers(headers);
  const cookies = readCookies(copy.get("cookie"));
  if ([...cookies.keys()].some((name) => isCacheCookie(name, cacheName)))
    copy.set("cookie", cookieHeaderWithoutCache(cookies, cacheName));
  return copy;
}

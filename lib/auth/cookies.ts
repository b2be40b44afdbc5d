/**
 * The session cookies' names and format, decided once. Better Auth (the
 * writer) and the edge gate (the reader) both take their settings from here,
 * so they cannot drift apart: `Secure`/`__Secure-` follows the base URL's
 * protocol, never NODE_ENV.
 */
import type { AuthEnv } from "@/lib/config/env";

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

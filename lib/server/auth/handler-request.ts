/**
 * The request as Better Auth's handler receives it (app/api/auth/[...all]):
 *
 * - The client's address and country, resolved per platform (client-ip.ts,
 *   client-country.ts).
 * - **No signed session cache, except for get-session.** Better Auth
 *   authenticates every endpoint from that cache when the request carries one,
 *   without asking the database, and endpoints that write the user
 *   (update-user, …) then sign a brand-new cache from it. A session revoked on
 *   another device could so keep itself alive for as long as it liked, and
 *   read or change the account meanwhile. Without the cache, every endpoint and
 *   every plugin's endpoint reads the session row: a revoked or expired session
 *   gets 401, and any cache the answer sets is minted from a live row. Removing
 *   it here, before routing, covers endpoints added later by default and runs
 *   before any plugin's hook could read the session.
 *   get-session keeps it: answering from the cache is its purpose, and with a
 *   database configured it never signs a new cache from an old one.
 * - Redirect targets (callbackURL, …) in the query and the body held to the
 *   app's own rule, so every endpoint redirects only on this origin
 *   (redirect-targets.ts); a request naming an unsafe one is answered 403
 *   here and never reaches Better Auth.
 *
 * Rebuilt from its parts, not `new Request(request)`: inside an OpenNext
 * Worker the incoming request is not the runtime's own Request class, which
 * that constructor rejects. Auth bodies are small JSON.
 */

import { type CookieConfig, headersWithoutCache } from "@/lib/shared/auth/cookies";
import { GET_SESSION_PATH } from "@/lib/shared/auth/endpoints";
import type { HmacKey } from "@/lib/shared/hmac";
import { setClientCountry } from "./client-country";
import { setClientIp } from "./client-ip";
import { sanitizedBody, sanitizedUrl, unsafeRedirectAnswer } from "./redirect-targets";

export interface HandlerRequestOptions {
  key: HmacKey;
  cookies: Pick<CookieConfig, "sessionDataName">;
}

/**
 * Headers for a Better Auth call: the client's address and country resolved,
 * and without the signed session cache unless `keepCache` (get-session).
 */
export async function authHeaders(
  source: Headers,
  { key, cookies }: HandlerRequestOptions,
  keepCache: boolean,
): Promise<Headers> {
  const headers = keepCache ? new Headers(source) : headersWithoutCache(source, cookies.sessionDataName);
  await setClientIp(headers, key);
  setClientCountry(headers);
  return headers;
}

/** The request to hand Better Auth, or the answer when it names an unsafe redirect target. */
export async function handlerRequest(request: Request, options: HandlerRequestOptions): Promise<Request | Response> {
  const url = sanitizedUrl(request.url);
  const hasBody = request.method !== "GET" && request.method !== "HEAD";
  const body = hasBody ? sanitizedBody(await request.arrayBuffer(), request.headers.get("content-type")) : undefined;
  if (url === null || body === null) return unsafeRedirectAnswer();
  const headers = await authHeaders(request.headers, options, new URL(request.url).pathname === GET_SESSION_PATH);
  if (typeof body === "string") headers.delete("content-length"); // rewritten: the length is the new body's
  return new Request(url, {
    method: request.method,
    headers,
    body,
    signal: request.signal,
  });
}

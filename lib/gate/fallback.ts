/**
 * Step 3 of the ladder: ask the auth handler. Exactly one GET of
 * /api/auth/get-session (or, for an `org` route, of the organization check
 * that answers the same way: lib/server/auth/organization-gate.ts) with the
 * request's cookies and (signed) client address, bounded by a timeout
 * covering headers and body. Only a well-formed answer
 * decides; everything else (timeout, network error, 429, 5xx, garbage) is
 * "unknown", which the gate turns into 503, never into a pass or a sign-out.
 */
import { betterFetch } from "@better-fetch/fetch";
import { GET_SESSION_PATH } from "@/lib/shared/auth/endpoints";
import { FORWARDED_CLIENT_HEADER, signClientAddress } from "@/lib/shared/auth/forwarded-client";
import type { HmacKey } from "@/lib/shared/hmac";
import { type Identity, identityOf, sessionData } from "./identity";

export type FallbackResult =
  | { kind: "signed-in"; identity: Identity; setCookies: string[] }
  | { kind: "signed-out"; setCookies: string[] }
  | { kind: "unknown"; reason: string };

export interface FallbackOptions {
  /**
   * Cookie header to send: the request's cookies without the session cache.
   * The gate has already found that cache unusable or, on a `fresh` page, not
   * to be trusted; without it the handler reads the database and issues a new
   * one (and is spared parsing a corrupt one).
   */
  cookie: string;
  /** Trusted origin of the auth handler, from configuration, never from the request's Host. */
  authOrigin: string;
  timeoutMs: number;
  /** How to reach the handler; a Worker passes its self-reference binding here. */
  fetchImpl?: typeof fetch;
  /** Signs the client's address headers for the handler (see lib/shared/auth/forwarded-client.ts). */
  key: HmacKey;
  /** How long a membership reading in the session counts (see identity.ts). */
  organizationWindowMs: number;
  /** The endpoint and query to ask; get-session unless an organization must be checked. */
  path?: string;
}

const INVALID_JSON = Symbol("invalid-json");

/** Signed out (null), malformed (undefined), or whom the session admits: the same rule as step 2. */
function identityFrom(body: unknown, organizationWindowMs: number): Identity | null | undefined {
  if (body === null) return null;
  const data = sessionData(body);
  return data ? identityOf(data, Date.now(), organizationWindowMs) : undefined;
}

export async function askAuthHandler(requestHeaders: Headers, options: FallbackOptions): Promise<FallbackResult> {
  // The client's own address travels signed: this request comes from the server, not the client.
  const headers = new Headers({
    cookie: options.cookie,
    [FORWARDED_CLIENT_HEADER]: signClientAddress(requestHeaders, options.key),
  });
  const userAgent = requestHeaders.get("user-agent");
  if (userAgent) headers.set("user-agent", userAgent); // recorded on refreshed sessions
  let setCookies: string[] = [];
  let status = 0;
  try {
    const { data, error } = await betterFetch<unknown>(options.path ?? GET_SESSION_PATH, {
      baseURL: options.authOrigin,
      headers,
      redirect: "manual",
      cache: "no-store",
      signal: AbortSignal.timeout(options.timeoutMs),
      customFetchImpl: options.fetchImpl,
      jsonParser: (text) => {
        try {
          return JSON.parse(text);
        } catch {
          return INVALID_JSON;
        }
      },
      onResponse: ({ response }) => {
        status = response.status;
        setCookies = response.headers.getSetCookie();
      },
    });
    if (error) {
      // 401 is the handler's definite "no session" (e.g. deleted while refreshing).
      return status === 401 ? { kind: "signed-out", setCookies } : { kind: "unknown", reason: `status ${status}` };
    }
    const identity = identityFrom(data, options.organizationWindowMs);
    if (identity === undefined) return { kind: "unknown", reason: "malformed body" };
    return identity ? { kind: "signed-in", identity, setCookies } : { kind: "signed-out", setCookies };
  } catch (failure) {
    const name = (failure as Error).name;
    return {
      kind: "unknown",
      reason: name === "TimeoutError" || name === "AbortError" ? "timeout" : `network: ${(failure as Error).message}`,
    };
  }
}

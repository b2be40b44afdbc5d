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

/** What the handler said: its status, headers and (when successful) parsed body; or why it could not be known. */
export type HandlerAnswer =
  | { kind: "answer"; status: number; headers: Headers; body: unknown; setCookies: string[] }
  | { kind: "unknown"; reason: string };

export type HandlerCall = Pick<FallbackOptions, "authOrigin" | "timeoutMs" | "fetchImpl" | "key">;

/**
 * One GET of `path` on the auth handler, from the server itself, with the
 * client's address signed along and `credential` (a cookie or an API-key
 * header), bounded by the timeout (headers and body). Shared by step 3 and
 * the gate's key check (./api-key.ts).
 */
export async function callAuthHandler(
  requestHeaders: Headers,
  path: string,
  credential: Record<string, string>,
  options: HandlerCall,
): Promise<HandlerAnswer> {
  // The client's own address travels signed: this request comes from the server, not the client.
  const headers = new Headers({
    ...credential,
    [FORWARDED_CLIENT_HEADER]: signClientAddress(requestHeaders, options.key),
  });
  const userAgent = requestHeaders.get("user-agent");
  if (userAgent) headers.set("user-agent", userAgent); // recorded on refreshed sessions
  let response: Response | undefined;
  try {
    const { data, error } = await betterFetch<unknown>(path, {
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
      onResponse: (context) => {
        response = context.response;
      },
    });
    if (!response) return { kind: "unknown", reason: "no response" };
    const body = error ? undefined : data;
    return {
      kind: "answer",
      status: response.status,
      headers: response.headers,
      // Only a successful answer's body is read; one that is not JSON reads as undefined (malformed).
      body: body === INVALID_JSON ? undefined : body,
      setCookies: response.headers.getSetCookie(),
    };
  } catch (failure) {
    const name = (failure as Error).name;
    return {
      kind: "unknown",
      reason: name === "TimeoutError" || name === "AbortError" ? "timeout" : `network: ${(failure as Error).message}`,
    };
  }
}

export async function askAuthHandler(requestHeaders: Headers, options: FallbackOptions): Promise<FallbackResult> {
  const answer = await callAuthHandler(
    requestHeaders,
    options.path ?? GET_SESSION_PATH,
    { cookie: options.cookie },
    options,
  );
  if (answer.kind === "unknown") return answer;
  const { status, body, setCookies } = answer;
  // 401 is the handler's definite "no session" (e.g. deleted while refreshing).
  if (status === 401) return { kind: "signed-out", setCookies };
  if (status !== 200) return { kind: "unknown", reason: `status ${status}` };
  const identity = identityFrom(body, options.organizationWindowMs);
  if (identity === undefined) return { kind: "unknown", reason: "malformed body" };
  return identity ? { kind: "signed-in", identity, setCookies } : { kind: "signed-out", setCookies };
}

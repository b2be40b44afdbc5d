/**
 * The decision ladder, as a pure function of the request:
 *   1. no session cookie            → unauthenticated, no I/O
 *   2. valid signed cache for it    → decide from it (role included), no I/O;
 *      for an `org` route, when it names that organization
 *   3. otherwise ask the auth handler once; unknown answers → unavailable
 * An `org` route then needs that organization (404 otherwise, whether it
 * exists or not) and the permissions its rule names (403).
 */

import { betterFetch } from "@better-fetch/fetch";
import { type CookieConfig, cookieHeaderWithoutCache, readCookies } from "@/lib/shared/auth/cookies";
import { JWKS_PATH, organizationGatePath } from "@/lib/shared/auth/endpoints";
import { roleAllows } from "@/lib/shared/auth/organization-access";
import { safeCallbackPath } from "@/lib/shared/auth/redirects";
import type { HmacKey } from "@/lib/shared/hmac";
import { bearerToken, verifyAccessToken } from "./access-token";
import { askAuthHandler, type FallbackOptions, type FallbackResult } from "./fallback";
import type { Identity } from "./identity";
import { type JwksCache, JwksUnavailableError } from "./jwks";
import type { Requirement } from "./requirement";
import { checkSession } from "./session-cache";

/** Which step decided: reported in Server-Timing so tests and operators can see the I/O taken. */
export type Step = "public" | "cookie" | "cache" | "fallback" | "token" | "path" | "config" | "error";

export type Outcome =
  | { type: "pass"; step: Step; setCookies: string[] }
  | { type: "signed-in-guest"; step: Step; location: string; setCookies: string[] }
  | { type: "unauthenticated"; step: Step; setCookies: string[] }
  | { type: "forbidden"; step: Step; setCookies: string[] }
  | { type: "not-found"; step: Step; setCookies: string[] }
  /** A Bearer token that is not a valid access token (RFC 6750's invalid_token). */
  | { type: "invalid-token"; step: "token" }
  | { type: "unavailable"; step: Step; reason: string }
  | { type: "bad-request"; step: "path" };

export interface GateContext {
  cookies: Pick<CookieConfig, "sessionTokenName" | "sessionDataName" | "cacheMaxAge">;
  key: HmacKey;
  fallback: Omit<FallbackOptions, "cookie" | "key" | "organizationWindowMs" | "path">;
  accessTokens: { keys: JwksCache; issuer: string; audience: string };
}

function hasRoles(identity: Identity, roles: string[]): boolean {
  return roles.every((role) => identity.roles.includes(role));
}

type Found =
  | { step: "cache"; identity: Identity }
  | { step: "fallback"; result: FallbackResult }
  | { step: "cookie"; identity: null };

async function identify(
  cookies: Map<string, string>,
  tokenCookie: string,
  headers: Headers,
  requirement: Requirement,
  context: GateContext,
): Promise<Found> {
  const { token, identity } = checkSession(cookies, tokenCookie, context.cookies, context.key, !requirement.fresh);
  if (!token) return { step: "cookie", identity: null };
  const slug = requirement.organization?.slug;
  if (identity && (!slug || identity.organization?.slug === slug)) return { step: "cache", identity };
  const cookie = cookieHeaderWithoutCache(cookies, context.cookies.sessionDataName);
  return {
    step: "fallback",
    result: await askAuthHandler(headers, {
      ...context.fallback,
      cookie,
      key: context.key,
      organizationWindowMs: context.cookies.cacheMaxAge * 1000,
      // Another organization than the cached one: the check also makes it the active one,
      // so the next request for it is decided from the cache again.
      path: slug ? organizationGatePath(slug) : undefined,
    }),
  };
}

/** Whether the identity may act in the organization the route names: 404 and 403 are told apart only for members. */
function organizationOutcome(identity: Identity, requirement: Requirement): "pass" | "not-found" | "forbidden" {
  const wanted = requirement.organization;
  if (!wanted) return "pass";
  const active = identity.organization;
  if (!wanted.slug || active?.slug !== wanted.slug) return "not-found";
  return wanted.permissions.every((permission) => roleAllows(active.role, permission)) ? "pass" : "forbidden";
}

/**
 * Step 0, API routes only: a request with `Authorization: Bearer` is judged
 * by that token alone, cookies ignored, so no cross-site request can borrow a
 * browser's session for the API. Verified with the cached public keys: no I/O
 * once they are known. Not on routes that do not take tokens, nor on fresh
 * ones (only the database can say a session is still alive).
 */
async function decideByToken(token: string, requirement: Requirement, context: GateContext): Promise<Outcome> {
  if (!requirement.tokens || requirement.fresh) return { type: "unauthenticated", step: "token", setCookies: [] };
  const { fallback } = context;
  const fetchJwks = async () => {
    const { data, error } = await betterFetch<unknown>(JWKS_PATH, {
      baseURL: fallback.authOrigin,
      cache: "no-store",
      redirect: "manual",
      signal: AbortSignal.timeout(fallback.timeoutMs),
      customFetchImpl: fallback.fetchImpl,
    });
    if (error) throw new Error(`status ${error.status}`);
    return data;
  };
  let identity: Identity | undefined;
  try {
    identity = (await verifyAccessToken(token, { ...context.accessTokens, fetchJwks }))?.identity;
  } catch (failure) {
    if (failure instanceof JwksUnavailableError) return { type: "unavailable", step: "token", reason: failure.message };
    throw failure;
  }
  if (!identity) return { type: "invalid-token", step: "token" };
  if (!hasRoles(identity, requirement.roles)) return { type: "forbidden", step: "token", setCookies: [] };
  return { type: organizationOutcome(identity, requirement), step: "token", setCookies: [] };
}

export async function decide(
  headers: Headers,
  requirement: Requirement,
  callbackUrl: string | null,
  context: GateContext,
): Promise<Outcome> {
  if (requirement.public) return { type: "pass", step: "public", setCookies: [] };
  const token = requirement.api ? bearerToken(headers) : undefined;
  if (token !== undefined) return decideByToken(token, requirement, context);

  // Step 1: no session cookie means no session. Exactly the cookie the server reads (the first
  // of duplicates, by its own parser): a look-alike name is no session.
  const cookies = readCookies(headers.get("cookie"));
  const tokenCookie = cookies.get(context.cookies.sessionTokenName);
  const found: Found = tokenCookie
    ? await identify(cookies, tokenCookie, headers, requirement, context)
    : { step: "cookie", identity: null };
  let identity: Identity | null;
  let setCookies: string[] = [];
  if (found.step !== "fallback") {
    identity = found.identity;
  } else if (found.result.kind === "unknown") {
    // A guest page has nothing to protect: show it rather than an error.
    if (requirement.guest) return { type: "pass", step: "fallback", setCookies: [] };
    return { type: "unavailable", step: "fallback", reason: found.result.reason };
  } else {
    setCookies = found.result.setCookies;
    identity = found.result.kind === "signed-in" ? found.result.identity : null;
  }

  const step = found.step;
  if (requirement.guest) {
    return identity
      ? { type: "signed-in-guest", step, location: safeCallbackPath(callbackUrl), setCookies }
      : { type: "pass", step, setCookies };
  }
  if (!identity) return { type: "unauthenticated", step, setCookies };
  if (!hasRoles(identity, requirement.roles)) return { type: "forbidden", step, setCookies };
  return { type: organizationOutcome(identity, requirement), step, setCookies };
}

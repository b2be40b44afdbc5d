/**
 * The decision ladder, as a pure function of the request:
 *   0. API routes: a token or key   → judged by it alone (see decideByCredential)
 *   1. no session cookie            → unauthenticated, no I/O
 *   2. valid signed cache for it    → decide from it (role included), no I/O;
 *      for an `org` route, when it names that organization
 *   3. otherwise ask the auth handler once; unknown answers → unavailable
 * An `org` route then needs that organization (404 otherwise, whether it
 * exists or not) and the permissions its rule names (403).
 */

import { betterFetch } from "@better-fetch/fetch";
import { readCredential, scopeFor } from "@/lib/shared/auth/api-credentials";
import { CALLER_ASSERTION_HEADER, signKeyCaller } from "@/lib/shared/auth/caller-assertion";
import { type CookieConfig, cookieHeaderWithoutCache, readCookies } from "@/lib/shared/auth/cookies";
import { JWKS_PATH, organizationGatePath } from "@/lib/shared/auth/endpoints";
import { roleAllows } from "@/lib/shared/auth/organization-access";
import { safeCallbackPath } from "@/lib/shared/auth/redirects";
import type { HmacKey } from "@/lib/shared/hmac";
import { verifyAccessToken } from "./access-token";
import { checkApiKey } from "./api-key";
import { askAuthHandler, type FallbackOptions, type FallbackResult } from "./fallback";
import type { Identity } from "./identity";
import { type JwksCache, JwksUnavailableError } from "./jwks";
import type { Requirement } from "./requirement";
import { checkSession } from "./session-cache";

/** Which step decided: reported in Server-Timing so tests and operators can see the I/O taken. */
export type Step = "public" | "cookie" | "cache" | "fallback" | "token" | "key" | "path" | "config" | "error";

export type Outcome =
  /** `requestHeaders`: set on the request passed on (the caller the gate found by an API key). */
  | { type: "pass"; step: Step; setCookies: string[]; requestHeaders?: Record<string, string> }
  | { type: "signed-in-guest"; step: Step; location: string; setCookies: string[] }
  | { type: "unauthenticated"; step: Step; setCookies: string[] }
  | { type: "forbidden"; step: Step; setCookies: string[] }
  | { type: "not-found"; step: Step; setCookies: string[] }
  /** A token or key that proves nobody (RFC 6750's invalid_token). */
  | { type: "invalid-token"; step: "token" | "key" }
  /** A valid credential whose scopes do not cover the method (RFC 6750's insufficient_scope). */
  | { type: "insufficient-scope"; step: "token" | "key"; scope: string }
  /** Two credentials at once (RFC 6750's invalid_request). */
  | { type: "invalid-request"; step: "token" }
  | { type: "rate-limited"; step: "key"; retryAfter: string }
  | { type: "unavailable"; step: Step; reason: string }
  | { type: "bad-request"; step: "path" };

/** What the ladder reads of the request. */
export interface GateRequest {
  headers: Headers;
  method: string;
  pathname: string;
  callbackUrl: string | null;
}

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

function fetchJwksWith(fallback: GateContext["fallback"]) {
  return async () => {
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
}

/** An access token, verified with the cached public keys: no I/O once they are known. Never on fresh routes. */
async function decideByToken(token: string, requirement: Requirement, context: GateContext): Promise<Outcome> {
  if (!requirement.tokens || requirement.fresh) return { type: "unauthenticated", step: "token", setCookies: [] };
  let identity: Identity | undefined;
  try {
    identity = (await verifyAccessToken(token, { ...context.accessTokens, fetchJwks: fetchJwksWith(context.fallback) }))
      ?.identity;
  } catch (failure) {
    if (failure instanceof JwksUnavailableError) return { type: "unavailable", step: "token", reason: failure.message };
    throw failure;
  }
  if (!identity) return { type: "invalid-token", step: "token" };
  // A token stands for its session, which may do everything: no scope to check.
  if (!hasRoles(identity, requirement.roles)) return { type: "forbidden", step: "token", setCookies: [] };
  return { type: organizationOutcome(identity, requirement), step: "token", setCookies: [] };
}

/**
 * An API key, checked by the auth handler (one call); on a pass the handler
 * learns the caller from a signed request header instead of checking again.
 */
async function decideByKey(
  key: string,
  request: GateRequest,
  requirement: Requirement,
  context: GateContext,
): Promise<Outcome> {
  if (!requirement.keys) return { type: "unauthenticated", step: "key", setCookies: [] };
  const check = await checkApiKey(key, request.headers, { ...context.fallback, key: context.key });
  switch (check.kind) {
    case "unknown":
      return { type: "unavailable", step: "key", reason: check.reason };
    case "invalid":
      return { type: "invalid-token", step: "key" };
    case "rate-limited":
      return { type: "rate-limited", step: "key", retryAfter: check.retryAfter };
  }
  const { caller } = check;
  const scope = scopeFor(request.method);
  if (!caller.scopes.includes(scope)) return { type: "insufficient-scope", step: "key", scope };
  // An organization's key acts in that organization only, as its plainest member would.
  const identity: Identity = {
    userId: caller.user?.id ?? "",
    roles: caller.roles,
    organization: caller.organization && { slug: caller.organization.slug, role: "member" },
  };
  if (!hasRoles(identity, requirement.roles)) return { type: "forbidden", step: "key", setCookies: [] };
  const outcome = organizationOutcome(identity, requirement);
  if (outcome !== "pass") return { type: outcome, step: "key", setCookies: [] };
  const assertion = signKeyCaller(caller, request.method, request.pathname, context.key);
  return { type: "pass", step: "key", setCookies: [], requestHeaders: { [CALLER_ASSERTION_HEADER]: assertion } };
}

/**
 * Step 0, API routes only: a request carrying a token or a key is judged by
 * it alone, cookies ignored, so no cross-site request can borrow a browser's
 * session for the API. A route takes only the credentials it lists; a
 * credential of another kind proves nobody there.
 */
function decideByCredential(
  request: GateRequest,
  requirement: Requirement,
  context: GateContext,
): Promise<Outcome> | null {
  const credential = readCredential(request.headers);
  switch (credential.kind) {
    case "none":
      return null;
    case "malformed":
      return Promise.resolve(
        credential.reason === "both"
          ? { type: "invalid-request", step: "token" }
          : { type: "invalid-token", step: "token" },
      );
    case "token":
      return decideByToken(credential.token, requirement, context);
    case "key":
      return decideByKey(credential.key, request, requirement, context);
  }
}

export async function decide(request: GateRequest, requirement: Requirement, context: GateContext): Promise<Outcome> {
  if (requirement.public) return { type: "pass", step: "public", setCookies: [] };
  const { headers, callbackUrl } = request;
  const byCredential = requirement.api ? decideByCredential(request, requirement, context) : null;
  if (byCredential) return byCredential;

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

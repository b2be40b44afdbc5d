/**
 * Who is calling an API route handler, whichever way they came in: the
 * browser's session cookie, an access token or an API key (docs/api.md). A
 * request with a token or key is judged by it alone, cookies ignored, as the
 * gate does. The gate decided first; this is the handler's own check, because
 * the gate is the first line, never the only one:
 * - tokens are verified again here, with the gate's code and rules and the
 *   public keys read in-process from the jwt plugin (no I/O once known);
 * - keys: the gate checked the key with the server and signed whom it found
 *   into a header for this request (lib/shared/auth/caller-assertion.ts);
 *   without that, the key is checked here the same way;
 * - cookies: the session, and for a write, a request from the app's own
 *   origin (a browser always sends Origin on one): another site's page
 *   cannot borrow the session. Token and key requests need no such check: a
 *   browser never adds them on its own.
 */
import { headers as requestHeaders } from "next/headers";
import { type AccessTokenHolder, verifyAccessToken } from "@/lib/gate/access-token";
import { keyCallerFrom } from "@/lib/gate/api-key";
import { JwksCache } from "@/lib/gate/jwks";
import { serverEnv } from "@/lib/server/env";
import { privateJson } from "@/lib/server/http/private-json";
import { accessTokenAudience } from "@/lib/shared/auth/access-token";
import {
  API_KEY_HEADER,
  type ApiScope,
  bearerChallenge,
  readCredential,
  scopeFor,
} from "@/lib/shared/auth/api-credentials";
import { CALLER_ASSERTION_HEADER, type KeyCaller, verifiedKeyCaller } from "@/lib/shared/auth/caller-assertion";
import { parseRoles } from "@/lib/shared/auth/roles";
import { hmacKey } from "@/lib/shared/hmac";
import { getAuth } from "./instance";
import { getSession } from "./session";

export interface Caller {
  via: "cookie" | "token" | "key";
  /** The person calling; null for an organization's key. */
  user: { id: string; email: string | null } | null;
  /**
   * The organization the caller acts in: an organization's key's own, or the
   * session's active one (for a token, as it was when the token was signed).
   * A handler reads the member's role from the database before acting on it.
   */
  organization: { id: string; slug: string } | null;
  roles: string[];
  /** A key's scopes; a cookie or token stands for the session, which holds them all. */
  scopes: ApiScope[];
}

const ALL_SCOPES: ApiScope[] = ["read", "write"];

/** One per process or isolate, as in the gate. */
const keys = new JwksCache();

async function tokenHolder(token: string): Promise<AccessTokenHolder | null> {
  const env = serverEnv();
  const auth = await getAuth();
  return verifyAccessToken(token, {
    keys,
    fetchJwks: () => auth.api.getJwks(),
    issuer: env.baseURL,
    audience: accessTokenAudience(env.baseURL),
  });
}

/** The key's caller: the gate's signed word for this request, or the server's own check of the key. */
async function keyCaller(key: string, request: Request, headers: Headers): Promise<KeyCaller | null> {
  const asserted = headers.get(CALLER_ASSERTION_HEADER);
  const { pathname } = new URL(request.url);
  const signed = asserted && verifiedKeyCaller(asserted, request.method, pathname, hmacKey(serverEnv().secret));
  if (signed) return signed;
  const auth = await getAuth();
  const response = await auth.api.apiKeyGate({ headers: new Headers({ [API_KEY_HEADER]: key }), asResponse: true });
  return response.ok ? keyCallerFrom(await response.json()) : null;
}

/** An RFC 6750 answer; without credentials the challenge names no error (§3.1). */
function challenge(status: number, error: string, options: { scope?: string; withoutCredentials?: boolean } = {}) {
  const response = privateJson({ error }, status);
  const named = options.withoutCredentials ? bearerChallenge() : bearerChallenge(error, options.scope);
  response.headers.set("www-authenticate", named);
  return response;
}

/** The caller, or the answer to send instead: 400/401 with a Bearer challenge (RFC 6750), or 403. */
export async function apiCaller(request: Request): Promise<Caller | Response> {
  const headers = await requestHeaders();
  const credential = readCredential(headers);
  const scope = scopeFor(request.method);
  switch (credential.kind) {
    case "malformed":
      return credential.reason === "both" ? challenge(400, "invalid_request") : challenge(401, "invalid_token");
    case "token": {
      const holder = await tokenHolder(credential.token);
      if (!holder) return challenge(401, "invalid_token");
      const { identity, email, organizationId } = holder;
      const organization =
        identity.organization && organizationId ? { id: organizationId, slug: identity.organization.slug } : null;
      return {
        via: "token",
        user: { id: identity.userId, email },
        organization,
        roles: identity.roles,
        scopes: ALL_SCOPES,
      };
    }
    case "key": {
      const found = await keyCaller(credential.key, request, headers);
      if (!found) return challenge(401, "invalid_token");
      if (!found.scopes.includes(scope)) return challenge(403, "insufficient_scope", { scope });
      const { user, organization, roles, scopes } = found;
      return { via: "key", user, organization, roles, scopes };
    }
    case "none": {
      const session = await getSession();
      if (!session) return challenge(401, "unauthenticated", { withoutCredentials: true });
      if (scope === "write" && headers.get("origin") !== new URL(serverEnv().baseURL).origin) {
        return privateJson({ error: "cross_site_request" }, 403);
      }
      const { user } = session;
      const active = session.session as {
        activeOrganizationId?: string | null;
        activeOrganizationSlug?: string | null;
      };
      const organization =
        active.activeOrganizationId && active.activeOrganizationSlug
          ? { id: active.activeOrganizationId, slug: active.activeOrganizationSlug }
          : null;
      return {
        via: "cookie",
        user: { id: user.id, email: user.email },
        organization,
        roles: parseRoles(user.role),
        scopes: ALL_SCOPES,
      };
    }
  }
}

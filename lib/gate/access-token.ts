/**
 * Verifies an access token (RFC 8725's checks) with the cached public keys:
 * the algorithm is the server's, never the token's; the key comes only from
 * the JWKS by id (jku, x5u and jwk headers are ignored); issuer, audience,
 * expiry, not-before and issue time are checked with LEEWAY_SECONDS of
 * leeway (the same infrastructure signs and verifies, so clocks agree), and
 * the token may not be older than the longest lifetime the server issues.
 * Any failure is null: the caller answers 401 invalid_token without details.
 */
import { jwtVerify } from "jose/jwt/verify";
import { ACCESS_TOKEN_MAX_LIFETIME_SECONDS } from "@/lib/shared/auth/access-token";
import { parseRoles } from "@/lib/shared/auth/roles";
import type { Identity } from "./identity";
import { isObject, isText } from "./json";
import { ACCESS_TOKEN_ALGORITHM, type JwksCache, JwksUnavailableError } from "./jwks";

export const LEEWAY_SECONDS = 5;
/** Larger than any token the server signs (~600 bytes); anything bigger is refused unread. */
const MAX_TOKEN_LENGTH = 4096;

export interface AccessTokenCheck {
  keys: JwksCache;
  /** This request's way to the public keys (see jwks.ts). */
  fetchJwks: () => Promise<unknown>;
  issuer: string;
  audience: string;
}

/** The organization claim, when it has the shape the server writes. */
function organizationOf(claim: unknown): Identity["organization"] {
  if (!isObject(claim) || !isText(claim.slug) || !isText(claim.role)) return null;
  return { slug: claim.slug, role: claim.role };
}

export interface AccessTokenHolder {
  identity: Identity;
  /** The account's address when the token was signed (for the API's answers, never for access decisions). */
  email: string | null;
  /** The active organization's id, when the token names one. */
  organizationId: string | null;
}

/** Whom the token admits, or null. Throws JwksUnavailableError when the keys cannot be had (unknown, not invalid). */
export async function verifyAccessToken(token: string, check: AccessTokenCheck): Promise<AccessTokenHolder | null> {
  if (token.length > MAX_TOKEN_LENGTH) return null;
  try {
    const { payload, protectedHeader } = await jwtVerify(
      token,
      async (header) => {
        const key = await check.keys.keyFor(header.kid, check.fetchJwks);
        if (!key) throw new Error("unknown key");
        return key;
      },
      {
        algorithms: [ACCESS_TOKEN_ALGORITHM],
        issuer: check.issuer,
        audience: check.audience,
        requiredClaims: ["exp", "iat", "sub"],
        maxTokenAge: ACCESS_TOKEN_MAX_LIFETIME_SECONDS,
        clockTolerance: LEEWAY_SECONDS,
      },
    );
    // The server signs without a type; anything typed otherwise is another kind of token.
    if (protectedHeader.typ !== undefined && protectedHeader.typ.toUpperCase() !== "JWT") return null;
    if (!isText(payload.sub)) return null;
    return {
      identity: { userId: payload.sub, roles: parseRoles(payload.role), organization: organizationOf(payload.org) },
      email: isText(payload.email) ? payload.email : null,
      organizationId: isObject(payload.org) && isText(payload.org.id) ? payload.org.id : null,
    };
  } catch (failure) {
    if (failure instanceof JwksUnavailableError) throw failure;
    return null;
  }
}

/**
 * Access tokens: Better Auth's jwt plugin. A signed-in client gets a token for
 * its session from `GET /api/auth/token` (the session read from the database:
 * the auth route strips the signed cache), and anyone verifies it with the
 * public keys at `GET /api/auth/jwks`.
 *
 * - Ed25519 (EdDSA) keys; the private key is stored encrypted with the secret.
 *   A new key every 30 days, the old one published for two more (far longer
 *   than any token lives), so clients holding old tokens never notice.
 * - The claims are listed one by one: without `definePayload` the plugin would
 *   put the whole user row in the token (internal columns included).
 * - No `set-auth-jwt` header on get-session: it would sign a token on every
 *   session check, the gate's included, and hand it to page scripts.
 */
import { jwt } from "better-auth/plugins/jwt";
import type { Database } from "@/lib/server/db/types";
import { membershipIn } from "@/lib/server/organizations/membership";
import { accessTokenAudience, accessTokenLifetimeSeconds } from "@/lib/shared/auth/access-token";
import type { ServerEnv } from "@/lib/shared/env";

const DAY_SECONDS = 24 * 60 * 60;

interface TokenSession {
  session: { id: string; activeOrganizationId?: string | null };
  user: { id: string; email: string; role?: string | null };
}

/** The active organization as the database has it now (not as the session row last copied it). */
async function organizationClaim(db: Database, { session, user }: TokenSession) {
  if (!session.activeOrganizationId) return null;
  const found = await membershipIn(db, user.id, { id: session.activeOrganizationId });
  return found && { id: found.organization.id, slug: found.organization.slug, role: found.member.role };
}

export function accessTokens(db: Database, env: Pick<ServerEnv, "baseURL" | "sessionCacheMaxAge">) {
  return jwt({
    jwks: {
      keyPairConfig: { alg: "EdDSA", crv: "Ed25519" },
      rotationInterval: 30 * DAY_SECONDS,
      gracePeriod: 2 * DAY_SECONDS,
    },
    jwt: {
      issuer: env.baseURL,
      audience: accessTokenAudience(env.baseURL),
      expirationTime: `${accessTokenLifetimeSeconds(env.sessionCacheMaxAge)}s`,
      definePayload: async (current) => {
        const found = current as unknown as TokenSession;
        return {
          email: found.user.email,
          role: found.user.role ?? null,
          sid: found.session.id,
          org: await organizationClaim(db, found),
        };
      },
    },
    disableSettingJwtHeader: true,
  });
}

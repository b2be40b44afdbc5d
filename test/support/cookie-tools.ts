/** Reading and rewriting auth cookies in tests (forgeries, chunks, mismatches). */
import { createHmac } from "node:crypto";

export function parseCookieHeader(header: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const part of header.split(/;\s*/)) {
    const eq = part.indexOf("=");
    if (eq > 0) map.set(part.slice(0, eq), part.slice(eq + 1));
  }
  return map;
}

export function cookieHeader(cookies: Map<string, string> | Record<string, string>): string {
  return [...(cookies instanceof Map ? cookies : Object.entries(cookies))].map(([k, v]) => `${k}=${v}`).join("; ");
}

export interface CacheEnvelope {
  session: { session: Record<string, unknown>; user: Record<string, unknown>; updatedAt: number; version?: string };
  expiresAt: number;
  signature: string;
}

export function decodeCache(value: string): CacheEnvelope {
  return JSON.parse(Buffer.from(value, "base64url").toString("utf8")) as CacheEnvelope;
}

export function encodeCache(envelope: CacheEnvelope): string {
  return Buffer.from(JSON.stringify(envelope)).toString("base64url");
}

/** Signs an envelope the way Better Auth does, with any secret (a forger's or the real one). */
export function signCache(envelope: Omit<CacheEnvelope, "signature">, secret: string): CacheEnvelope {
  const signature = createHmac("sha256", secret)
    .update(JSON.stringify({ ...envelope.session, expiresAt: envelope.expiresAt }))
    .digest("base64url");
  return { ...envelope, signature };
}

/** A session token cookie's value as better-call signs it: `<token>.<base64 HMAC-SHA-256>`. */
export function signTokenCookie(token: string, secret: string): string {
  return `${token}.${createHmac("sha256", secret).update(token).digest("base64")}`;
}

export interface MintedSession {
  token?: string;
  userId?: string;
  role?: string;
  banned?: boolean;
  banExpires?: string | null;
  /** When the session itself ends (ms since epoch). */
  sessionExpiresAt?: number;
  /** When the cache ends (ms since epoch). */
  cacheExpiresAt?: number;
  version?: string;
  /** The active organization columns, as the server writes them after a membership read. */
  organization?: { slug: string; role: string; checkedAt: number };
}

/**
 * A signed cache cookie shaped like the ones Better Auth writes, minted
 * without a database: for unit tests of the gate's step 2.
 */
export function mintCache(minted: MintedSession, secret: string): string {
  const now = Date.now();
  const { token = "tok", userId = "user-1", role = "user", banned = false, banExpires = null } = minted;
  const session = {
    session: {
      id: "session-1",
      token,
      userId,
      expiresAt: new Date(minted.sessionExpiresAt ?? now + 7 * 86_400_000).toISOString(),
      createdAt: new Date(now).toISOString(),
      updatedAt: new Date(now).toISOString(),
      ...(minted.organization && {
        activeOrganizationId: `org-${minted.organization.slug}`,
        activeOrganizationSlug: minted.organization.slug,
        activeOrganizationRole: minted.organization.role,
        activeOrganizationCheckedAt: new Date(minted.organization.checkedAt).toISOString(),
      }),
    },
    user: { id: userId, name: "Minted", email: "minted@example.com", role, banned, banExpires },
    updatedAt: now,
    version: minted.version ?? "1",
  };
  return encodeCache(signCache({ session, expiresAt: minted.cacheExpiresAt ?? now + 300_000 }, secret));
}

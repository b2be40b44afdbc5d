/**
 * Step 2 of the ladder: verify Better Auth's signed session cache (the
 * "compact" cookie: base64url(JSON {session, expiresAt, signature}), HMAC-SHA-256
 * over the payload) without any I/O.
 *
 * Done here rather than with `getCookieCache` because the gate needs more and
 * less: the HMAC key is imported once per isolate (not per request), nothing
 * throws on malformed input, and the cached token must equal the session
 * cookie's token (a valid cache from another session is not this session).
 */
import type { CookieConfig } from "@/lib/auth/cookies";

export interface Identity {
  userId: string;
  roles: string[];
  /** Session token; identifies the session. */
  token: string;
}

/** Larger than any cache Better Auth writes (~1 KB, chunked past 4 KB); anything bigger is refused unread. */
const MAX_CACHE_LENGTH = 16 * 1024;
const MAX_CHUNKS = 4;

const keys = new Map<string, Promise<CryptoKey>>();

/** The HMAC key for `secret`, imported once per isolate. */
export function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
    keys.set(secret, key);
  }
  return key;
}

/** The cache cookie's value, reassembled from chunks (`name.0`, `name.1`, …) when Better Auth split it. */
export function cacheCookieValue(cookies: ReadonlyMap<string, string>, name: string): string | undefined {
  const whole = cookies.get(name);
  if (whole !== undefined) return whole;
  const chunks: string[] = [];
  for (let i = 0; i < MAX_CHUNKS; i++) {
    const chunk = cookies.get(`${name}.${i}`);
    if (chunk === undefined) break;
    chunks.push(chunk);
  }
  if (cookies.has(`${name}.${MAX_CHUNKS}`)) return undefined;
  return chunks.length ? chunks.join("") : undefined;
}

/** The request's cookies re-serialized without the cache cookie or its chunks. */
export function cookieHeaderWithoutCache(cookies: ReadonlyMap<string, string>, name: string): string {
  const pairs: string[] = [];
  for (const [key, value] of cookies) {
    if (key === name || (key.startsWith(`${name}.`) && /^\d+$/.test(key.slice(name.length + 1)))) continue;
    pairs.push(`${key}=${encodeURIComponent(value)}`);
  }
  return pairs.join("; ");
}

function base64UrlToBytes(value: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]*$/.test(value)) return null;
  const padded = value.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((value.length + 3) % 4);
  try {
    const binary = atob(padded);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return null;
  }
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);
const isText = (value: unknown): value is string => typeof value === "string" && value.length > 0;

/** Better Auth stores roles as "admin" or "admin,support". */
export function parseRoles(role: unknown): string[] {
  return typeof role === "string" ? role.split(",").map((r) => r.trim()).filter(Boolean) : [];
}

/**
 * The token inside a signed session cookie (`<token>.<base64 HMAC>`), or null
 * when its signature is wrong: the server would not accept it either.
 */
export async function verifiedSessionToken(cookieValue: string, key: CryptoKey): Promise<string | null> {
  const dot = cookieValue.lastIndexOf(".");
  if (dot < 1) return null;
  const token = cookieValue.slice(0, dot);
  const signature = cookieValue.slice(dot + 1);
  if (signature.length !== 44 || !signature.endsWith("=")) return null;
  const bytes = base64UrlToBytes(signature.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, ""));
  if (!bytes) return null;
  return (await crypto.subtle.verify("HMAC", key, bytes, new TextEncoder().encode(token))) ? token : null;
}

/**
 * The identity in a valid cache for this session, or null when the cache is
 * absent, malformed, forged, expired, for another session, or for a banned user.
 */
export async function verifySessionCache(
  cookies: ReadonlyMap<string, string>,
  sessionToken: string,
  config: Pick<CookieConfig, "sessionDataName">,
  key: CryptoKey,
  now: number = Date.now(),
): Promise<Identity | null> {
  const raw = cacheCookieValue(cookies, config.sessionDataName);
  if (!raw || raw.length > MAX_CACHE_LENGTH) return null;
  const bytes = base64UrlToBytes(raw);
  if (!bytes) return null;

  let envelope: unknown;
  try {
    envelope = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    return null;
  }
  if (!isObject(envelope) || !isObject(envelope.session) || typeof envelope.expiresAt !== "number" || !isText(envelope.signature)) {
    return null;
  }
  const signature = base64UrlToBytes(envelope.signature);
  if (!signature) return null;
  // Exactly the bytes Better Auth signed: the cached data with the cache expiry.
  const signed = new TextEncoder().encode(JSON.stringify({ ...envelope.session, expiresAt: envelope.expiresAt }));
  if (!(await crypto.subtle.verify("HMAC", key, signature, signed))) return null;

  // Authentic from here on; now check it still applies to this request.
  if (envelope.expiresAt <= now) return null;
  const { session, user, version } = envelope.session;
  if (!isObject(session) || !isObject(user)) return null;
  if (version !== undefined && version !== "1") return null;
  if (!isText(session.token) || !isText(session.userId) || session.userId !== user.id) return null;
  if (session.token !== sessionToken) return null;
  const sessionExpiresAt = typeof session.expiresAt === "string" ? Date.parse(session.expiresAt) : NaN;
  if (!(sessionExpiresAt > now)) return null;
  if (user.banned === true) return null;
  return { userId: session.userId, roles: parseRoles(user.role), token: session.token };
}

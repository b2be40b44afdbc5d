/**
 * Step 2 of the ladder: verify Better Auth's signed session cache (the
 * "compact" cookie: base64url(JSON {session, expiresAt, signature}), HMAC-SHA-256
 * over the payload) without any I/O.
 *
 * Done here rather than with `getCookieCache` because the gate needs more and
 * less: the HMAC key is prepared once per isolate (not per request), nothing
 * throws on malformed input, the session cookie's own signature is checked,
 * and the cached token must equal that cookie's token (a valid cache from
 * another session is not this session).
 *
 * HMAC-SHA-256 comes from @noble/hashes (audited, pure JS, already a Better
 * Auth dependency) rather than WebCrypto: on Node, each WebCrypto call is a
 * thread-pool round trip of ~30 µs, more than the whole synchronous check
 * (see docs/benchmarks.md); in workerd both are fine.
 */
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import type { CookieConfig } from "@/lib/auth/cookies";

/** Who a verified session belongs to, as far as the gate needs to know. */
export interface Identity {
  userId: string;
  roles: string[];
}

/** Larger than any cache Better Auth writes (~1 KB, chunked past 4 KB); anything bigger is refused unread. */
const MAX_CACHE_LENGTH = 16 * 1024;
const MAX_CHUNKS = 4;

/** HMAC-SHA-256 keyed with the secret; cloned for each message. */
export type HmacKey = ReturnType<typeof hmac.create>;

const keys = new Map<string, HmacKey>();

/** The HMAC state for `secret`, keyed once per isolate. */
export function hmacKey(secret: string): HmacKey {
  let key = keys.get(secret);
  if (!key) {
    key = hmac.create(sha256, new TextEncoder().encode(secret));
    keys.set(secret, key);
  }
  return key;
}

const encoder = new TextEncoder();

/** Whether `signature` is the HMAC of `data`, compared in constant time. */
function hmacMatches(key: HmacKey, signature: Uint8Array, data: string): boolean {
  const mac = key.clone().update(encoder.encode(data)).digest();
  if (mac.length !== signature.length) return false;
  let difference = 0;
  for (let i = 0; i < mac.length; i++) difference |= mac[i]! ^ signature[i]!;
  return difference === 0;
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

interface SignedCookie {
  token: string;
  signature: Uint8Array<ArrayBuffer>;
}

/** `<token>.<base64 HMAC-SHA-256>` as better-call signs cookies; null when it cannot be one. */
function splitSignedCookie(cookieValue: string): SignedCookie | null {
  const dot = cookieValue.lastIndexOf(".");
  if (dot < 1) return null;
  const encoded = cookieValue.slice(dot + 1);
  if (encoded.length !== 44 || !encoded.endsWith("=")) return null;
  const signature = base64UrlToBytes(encoded.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, ""));
  return signature ? { token: cookieValue.slice(0, dot), signature } : null;
}

interface CacheClaims {
  identity: Identity;
  /** Exactly the text Better Auth signed: the cached data with the cache expiry. */
  signed: string;
  signature: Uint8Array<ArrayBuffer>;
}

/**
 * The cache's claims, if it is well formed and still applies to this session
 * at `now`. Nothing here is trusted until its signature is verified.
 */
function readCache(raw: string, token: string, now: number): CacheClaims | null {
  const bytes = base64UrlToBytes(raw);
  if (!bytes) return null;
  let text: string;
  let envelope: unknown;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    envelope = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObject(envelope) || !isObject(envelope.session) || typeof envelope.expiresAt !== "number" || !isText(envelope.signature)) {
    return null;
  }
  // The envelope is JSON.stringify({session, expiresAt, signature}) and the signed text is
  // JSON.stringify({...session, expiresAt}): the same bytes, sliced, with no re-serialization.
  // The last `,"expiresAt":` is the envelope's own (only a number and a string follow it).
  const prefix = '{"session":';
  const cut = text.lastIndexOf(',"expiresAt":');
  if (!text.startsWith(prefix) || cut < 0 || text[cut - 1] !== "}") return null;
  const signed = `${text.slice(prefix.length, cut - 1)},"expiresAt":${envelope.expiresAt}}`;
  const signature = base64UrlToBytes(envelope.signature);
  if (!signature) return null;

  if (envelope.expiresAt <= now) return null;
  const { session, user, version } = envelope.session;
  if (!isObject(session) || !isObject(user)) return null;
  if (version !== undefined && version !== "1") return null;
  if (!isText(session.token) || !isText(session.userId) || session.userId !== user.id) return null;
  if (session.token !== token) return null;
  const sessionExpiresAt = typeof session.expiresAt === "string" ? Date.parse(session.expiresAt) : NaN;
  if (!(sessionExpiresAt > now)) return null;
  if (user.banned === true) return null;
  return { identity: { userId: session.userId, roles: parseRoles(user.role) }, signed, signature };
}

export interface SessionCheck {
  /** The session token, when the session cookie's own signature is valid (else the server would ignore it too). */
  token: string | null;
  /** Who it is, when the signed cache is valid for that token; null means step 3 must ask. */
  identity: Identity | null;
}

/**
 * Verifies the session cookie's signature and, when `useCache`, the signed
 * cache for it. The cache's claims are checked first, so a cache that could
 * not apply costs no cryptography. Synchronous: no I/O, no awaiting.
 */
export function checkSession(
  cookies: ReadonlyMap<string, string>,
  tokenCookie: string,
  config: Pick<CookieConfig, "sessionDataName">,
  key: HmacKey,
  useCache: boolean,
  now: number = Date.now(),
): SessionCheck {
  const cookie = splitSignedCookie(tokenCookie);
  if (!cookie || !hmacMatches(key, cookie.signature, cookie.token)) return { token: null, identity: null };
  const raw = useCache ? cacheCookieValue(cookies, config.sessionDataName) : undefined;
  const claims = raw && raw.length <= MAX_CACHE_LENGTH ? readCache(raw, cookie.token, now) : null;
  const identity = claims && hmacMatches(key, claims.signature, claims.signed) ? claims.identity : null;
  return { token: cookie.token, identity };
}

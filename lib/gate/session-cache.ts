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
 * Everything the gate believes comes from the signed bytes themselves, never
 * from the rest of the cookie: JSON keeps the last of duplicate keys, so a
 * validly signed cache with a second "session" appended must change nothing.
 */
import type { CookieConfig } from "@/lib/shared/auth/cookies";
import { fromBase64Url } from "@/lib/shared/base64url";
import { type HmacKey, hmacMatches } from "@/lib/shared/hmac";
import { type Identity, identityOf, sessionData } from "./identity";
import { isObject, isText } from "./json";

/** Larger than any cache Better Auth writes (~1 KB, chunked past 4 KB); anything bigger is refused unread. */
const MAX_CACHE_LENGTH = 16 * 1024;
const MAX_CHUNKS = 4;

/** The cache cookie's value, reassembled from chunks (`name.0`, `name.1`, …) when Better Auth split it. */
function cacheCookieValue(cookies: ReadonlyMap<string, string>, name: string): string | undefined {
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
  const signature = fromBase64Url(encoded.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, ""));
  return signature ? { token: cookieValue.slice(0, dot), signature } : null;
}

interface SignedCache {
  /** Exactly the text Better Auth signed: JSON.stringify({...cached data, expiresAt}). */
  signed: string;
  signature: Uint8Array<ArrayBuffer>;
}

/** The signed text and its signature, cut out of the cookie; nothing in it is trusted yet. */
function splitCache(raw: string): SignedCache | null {
  const bytes = fromBase64Url(raw);
  if (!bytes) return null;
  let text: string;
  let envelope: unknown;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    envelope = JSON.parse(text);
  } catch {
    return null;
  }
  if (
    !isObject(envelope) ||
    !isObject(envelope.session) ||
    typeof envelope.expiresAt !== "number" ||
    !isText(envelope.signature)
  ) {
    return null;
  }
  // The envelope is JSON.stringify({session, expiresAt, signature}) and the signed text is
  // JSON.stringify({...session, expiresAt}): the same bytes, sliced, with no re-serialization.
  // The last `,"expiresAt":` is the envelope's own (only a number and a string follow it).
  const prefix = '{"session":';
  const cut = text.lastIndexOf(',"expiresAt":');
  if (!text.startsWith(prefix) || cut < 0 || text[cut - 1] !== "}") return null;
  const signed = `${text.slice(prefix.length, cut - 1)},"expiresAt":${envelope.expiresAt}}`;
  const signature = fromBase64Url(envelope.signature);
  return signature ? { signed, signature } : null;
}

/** The identity in verified signed text, if it still applies to this session at `now`. */
function identityIn(signed: string, token: string, now: number, organizationWindowMs: number): Identity | null {
  let data: unknown;
  try {
    data = JSON.parse(signed);
  } catch {
    return null;
  }
  if (!isObject(data) || typeof data.expiresAt !== "number" || data.expiresAt <= now) return null;
  if (data.version !== undefined && data.version !== "1") return null;
  const cached = sessionData(data);
  // A valid cache of another session is not this session.
  if (!cached || cached.session.token !== token) return null;
  return identityOf(cached, now, organizationWindowMs);
}

export interface SessionCheck {
  /** The session token, when the session cookie's own signature is valid (else the server would ignore it too). */
  token: string | null;
  /** Who it is, when the signed cache is valid for that token; null means step 3 must ask. */
  identity: Identity | null;
}

/**
 * Verifies the session cookie's signature and, when `useCache`, the signed
 * cache for it. Synchronous: no I/O, no awaiting.
 */
export function checkSession(
  cookies: ReadonlyMap<string, string>,
  tokenCookie: string,
  config: Pick<CookieConfig, "sessionDataName" | "cacheMaxAge">,
  key: HmacKey,
  useCache: boolean,
  now: number = Date.now(),
): SessionCheck {
  const cookie = splitSignedCookie(tokenCookie);
  if (!cookie || !hmacMatches(key, cookie.signature, cookie.token)) return { token: null, identity: null };
  const raw = useCache ? cacheCookieValue(cookies, config.sessionDataName) : undefined;
  const cache = raw && raw.length <= MAX_CACHE_LENGTH ? splitCache(raw) : null;
  const identity =
    cache && hmacMatches(key, cache.signature, cache.signed)
      ? identityIn(cache.signed, cookie.token, now, config.cacheMaxAge * 1000)
      : null;
  return { token: cookie.token, identity };
}

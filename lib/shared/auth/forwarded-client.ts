/**
 * The gate's step 3 calls the auth handler from the server itself. Behind a
 * proxy, or on Vercel, that request arrives carrying the server's own address,
 * so every user's fallback would share one rate-limit bucket, and one busy
 * bucket would turn into 503s for everyone. The gate therefore passes the
 * original request's client-address headers along, stamped and signed with
 * the app secret; the auth route uses them only when the signature holds and
 * the stamp is fresh.
 */
import { fromBase64Url, toBase64Url } from "@/lib/shared/base64url";
import { type HmacKey, hmacMatches, hmacOf } from "@/lib/shared/hmac";

export const FORWARDED_CLIENT_HEADER = "x-edgegate-forwarded-client";
const ADDRESS_HEADERS = ["x-forwarded-for", "x-real-ip", "cf-connecting-ip"] as const;
const MAX_AGE_MS = 30_000;

const encoder = new TextEncoder();

/** The client-address headers of `from`, stamped with `now` and signed. */
export function signClientAddress(from: Headers, key: HmacKey, now = Date.now()): string {
  const payload = toBase64Url(encoder.encode(JSON.stringify([now, ...ADDRESS_HEADERS.map((name) => from.get(name))])));
  return `${payload}.${toBase64Url(hmacOf(key, payload))}`;
}

/** The signed client-address headers, or null when the value is forged, malformed or stale. */
export function verifiedClientAddress(value: string, key: HmacKey, now = Date.now()): Headers | null {
  const [payload, encodedSignature, extra] = value.split(".");
  const signature = encodedSignature === undefined ? null : fromBase64Url(encodedSignature);
  if (!payload || !signature || extra !== undefined || !hmacMatches(key, signature, payload)) return null;
  let fields: unknown;
  try {
    fields = JSON.parse(new TextDecoder().decode(fromBase64Url(payload) ?? new Uint8Array()));
  } catch {
    return null;
  }
  if (!Array.isArray(fields) || fields.length !== ADDRESS_HEADERS.length + 1) return null;
  const [stamp, ...values] = fields as unknown[];
  if (typeof stamp !== "number" || Math.abs(now - stamp) > MAX_AGE_MS) return null;
  const headers = new Headers();
  ADDRESS_HEADERS.forEach((name, i) => {
    if (typeof values[i] === "string") headers.set(name, values[i] as string);
  });
  return headers;
}

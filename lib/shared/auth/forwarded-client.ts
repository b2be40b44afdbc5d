/**
 * The gate's step 3 calls the auth handler from the server itself. Behind a
 * proxy, or on Vercel, that request arrives carrying the server's own address,
 * so every user's fallback would share one rate-limit bucket, and one busy
 * bucket would turn into 503s for everyone. The gate therefore passes the
 * original request's client-address headers along, stamped and signed with
 * the app secret; the auth route uses them only when the signature holds and
 * the stamp is fresh.
 */
import type { HmacKey } from "@/lib/shared/hmac";
import { signStamped, verifiedStamped } from "@/lib/shared/signed-header";

export const FORWARDED_CLIENT_HEADER = "x-edgegate-forwarded-client";
const ADDRESS_HEADERS = ["x-forwarded-for", "x-real-ip", "cf-connecting-ip"] as const;
const MAX_AGE_MS = 30_000;

/** The client-address headers of `from`, stamped with `now` and signed. */
export function signClientAddress(from: Headers, key: HmacKey, now = Date.now()): string {
  return signStamped(
    ADDRESS_HEADERS.map((name) => from.get(name)),
    key,
    now,
  );
}

/** The signed client-address headers, or null when the value is forged, malformed or stale. */
export function verifiedClientAddress(value: string, key: HmacKey, now = Date.now()): Headers | null {
  const values = verifiedStamped(value, key, MAX_AGE_MS, now);
  if (!values || values.length !== ADDRESS_HEADERS.length) return null;
  const headers = new Headers();
  ADDRESS_HEADERS.forEach((name, i) => {
    if (typeof values[i] === "string") headers.set(name, values[i] as string);
  });
  return headers;
}

/**
 * A value one part of the app hands another through a request header, stamped
 * and signed with the app secret (HMAC-SHA-256): the receiver takes it only
 * when the signature holds and the stamp is at most `maxAgeMs` old. A client
 * can send a header of the same name; without the secret it cannot sign one.
 */
import { fromBase64Url, toBase64Url } from "./base64url";
import { type HmacKey, hmacMatches, hmacOf } from "./hmac";

const encoder = new TextEncoder();

/** `fields`, stamped with `now`, as `<payload>.<signature>`. */
export function signStamped(fields: unknown[], key: HmacKey, now = Date.now()): string {
  const payload = toBase64Url(encoder.encode(JSON.stringify([now, ...fields])));
  return `${payload}.${toBase64Url(hmacOf(key, payload))}`;
}

/** The fields signed into `value`, or null when it is forged, malformed or older than `maxAgeMs`. */
export function verifiedStamped(value: string, key: HmacKey, maxAgeMs: number, now = Date.now()): unknown[] | null {
  const [payload, encodedSignature, extra] = value.split(".");
  const signature = encodedSignature === undefined ? null : fromBase64Url(encodedSignature);
  if (!payload || !signature || extra !== undefined || !hmacMatches(key, signature, payload)) return null;
  let fields: unknown;
  try {
    fields = JSON.parse(new TextDecoder().decode(fromBase64Url(payload) ?? new Uint8Array()));
  } catch {
    return null;
  }
  if (!Array.isArray(fields)) return null;
  const [stamp, ...rest] = fields as unknown[];
  if (typeof stamp !== "number" || Math.abs(now - stamp) > maxAgeMs) return null;
  return rest;
}

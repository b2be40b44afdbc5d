/**
 * HMAC-SHA-256 with the app secret, synchronous (@noble/hashes:
 * audited, pure JS, already a Better Auth dependency). On Node each WebCrypto
 * call is a thread-pool round trip of ~30 µs, more than the gate's whole
 * check; see docs/benchmarks.md.
 */
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";

/** HMAC-SHA-256 keyed with the secret; cloned for each message. */
export type HmacKey = ReturnType<typeof hmac.create>;

const keys = new Map<string, HmacKey>();
const encoder = new TextEncoder();

/** The HMAC state for `secret`, keyed once per isolate. */
export function hmacKey(secret: string): HmacKey {
  let key = keys.get(secret);
  if (!key) {
    key = hmac.create(sha256, encoder.encode(secret));
    keys.set(secret, key);
  }
  return key;
}

export function hmacOf(key: HmacKey, data: string): Uint8Array {
  return key.clone().update(encoder.encode(data)).digest();
}

/** Whether `signature` is the HMAC of `data`, compared in constant time. */
export function hmacMatches(key: HmacKey, signature: Uint8Array, data: string): boolean {
  const mac = hmacOf(key, data);
  if (mac.length !== signature.length) return false;
  let difference = 0;
  for (let i = 0; i < mac.length; i++) difference |= mac[i]! ^ signature[i]!;
  return difference === 0;
}

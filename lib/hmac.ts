/**
 * HMAC-SHA-256 with the app secret, synchronous and edge-safe (@noble/hashes:
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

export function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function fromBase64Url(value: string): Uint8Array<ArrayBuffer> | null {
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

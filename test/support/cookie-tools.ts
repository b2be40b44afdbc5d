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

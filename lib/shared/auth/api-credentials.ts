/**
 * What an API request carries instead of the browser's cookie, read the same
 * way by the gate and by route handlers (edge-safe): an access token (a JWT)
 * or an API key, in `Authorization: Bearer` or, for keys, `x-api-key`. A key
 * is told from a token by its prefix, which also names its scope.
 */

import { APP_NAME } from "@/lib/shared/app";

export type ApiScope = "read" | "write";

/**
 * The key configurations of Better Auth's API-key plugin: a person's keys
 * (`default` reads, `write` also writes) and an organization's (the same two
 * scopes), each with its own prefix, so a key shows whose it is and what it may do.
 */
export const API_KEY_KINDS = {
  default: { prefix: "eg_r_", scopes: ["read"], owner: "user" },
  write: { prefix: "eg_w_", scopes: ["read", "write"], owner: "user" },
  organization: { prefix: "eg_or_", scopes: ["read"], owner: "organization" },
  "organization-write": { prefix: "eg_ow_", scopes: ["read", "write"], owner: "organization" },
} as const satisfies Record<string, { prefix: string; scopes: readonly ApiScope[]; owner: "user" | "organization" }>;

export type ApiKeyKind = keyof typeof API_KEY_KINDS;

/** Random letters after the prefix: 52^64 ≈ 2^365 keys. */
export const API_KEY_RANDOM_LENGTH = 64;
const API_KEY_SHAPE = /^eg_(r|w|or|ow)_[A-Za-z]{64}$/;

export const API_KEY_HEADER = "x-api-key";

/**
 * RFC 6750 §3's `WWW-Authenticate` value, the same from the gate and from
 * route handlers: without an error for a request that brought no credential
 * (§3.1), with the error (and the scope needed) for one that did. The
 * credential itself is never echoed.
 */
export function bearerChallenge(error?: string, scope?: string): string {
  return `Bearer realm="${APP_NAME}"${error ? `, error="${error}"` : ""}${scope ? `, scope="${scope}"` : ""}`;
}

/** Methods a read-scoped credential may use; anything else writes. */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export const scopeFor = (method: string): ApiScope => (SAFE_METHODS.has(method.toUpperCase()) ? "read" : "write");

/** Larger than any token the server signs (~600 bytes) or any key; anything bigger is refused unread. */
const MAX_CREDENTIAL_LENGTH = 4096;

export type ApiCredential =
  | { kind: "none" }
  | { kind: "token"; token: string }
  | { kind: "key"; key: string }
  /** Two credentials at once, or one that is neither a token nor a key (RFC 6750's invalid_request / invalid_token). */
  | { kind: "malformed"; reason: "both" | "shape" };

/**
 * The credential of an `Authorization: Bearer` header: undefined without one
 * (another scheme, such as Basic, is not ours), "" when the Bearer scheme is
 * used but not with exactly one value (refused, never judged by the cookie).
 */
function bearerValue(headers: Headers): string | undefined {
  const authorization = headers.get("authorization") ?? "";
  if (!/^Bearer(\s|$)/i.test(authorization)) return undefined;
  return /^Bearer +(\S+) *$/i.exec(authorization)?.[1] ?? "";
}

const looksLikeKey = (value: string) => value.startsWith("eg_");
const looksLikeJwt = (value: string) => /^[\w-]+\.[\w-]+\.[\w-]+$/.test(value);

/** The credential a request carries, judged by shape only (no I/O, nothing verified). */
export function readCredential(headers: Headers): ApiCredential {
  const bearer = bearerValue(headers);
  const headerKey = headers.get(API_KEY_HEADER) ?? undefined;
  if (bearer !== undefined && headerKey !== undefined) return { kind: "malformed", reason: "both" };
  const value = bearer ?? headerKey;
  if (value === undefined) return { kind: "none" };
  if (value.length > MAX_CREDENTIAL_LENGTH) return { kind: "malformed", reason: "shape" };
  if (looksLikeKey(value))
    return API_KEY_SHAPE.test(value) ? { kind: "key", key: value } : { kind: "malformed", reason: "shape" };
  if (headerKey === undefined && looksLikeJwt(value)) return { kind: "token", token: value };
  return { kind: "malformed", reason: "shape" };
}

/** The kind of a configuration id the plugin stored (null is its default); undefined for one this app does not define. */
export function keyKind(configId: string | null | undefined) {
  const id = configId ?? "default";
  return Object.hasOwn(API_KEY_KINDS, id) ? API_KEY_KINDS[id as ApiKeyKind] : undefined;
}

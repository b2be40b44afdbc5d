/**
 * The gate cannot check an API key by itself (only its hash is stored, in the
 * database), so it asks the auth handler's key check once, through the same
 * transport and deadline as step 3: `GET /api/auth/api-key/gate` with the key
 * in `x-api-key` (lib/server/auth/api-keys.ts). A revoked, expired or
 * disabled key, or one whose owner is banned or deleted, is refused at once.
 * As in step 3, only a well-formed answer decides; anything else is unknown (503).
 */
import { API_KEY_HEADER, type ApiScope } from "@/lib/shared/auth/api-credentials";
import type { KeyCaller } from "@/lib/shared/auth/caller-assertion";
import { API_KEY_GATE_PATH } from "@/lib/shared/auth/endpoints";
import { parseRoles } from "@/lib/shared/auth/roles";
import { callAuthHandler, type HandlerCall } from "./fallback";
import { isObject, isText, type Json } from "./json";

export type KeyCheck =
  | { kind: "valid"; caller: KeyCaller }
  | { kind: "invalid" }
  | { kind: "rate-limited"; retryAfter: string }
  | { kind: "unknown"; reason: string };

const SCOPES: readonly string[] = ["read", "write"] satisfies ApiScope[];

/** The key's owner: exactly one of a person or an organization. */
function ownerFrom(body: Json): Pick<KeyCaller, "user" | "organization" | "roles"> | null {
  const { user, organization } = body;
  if (isObject(user) && organization === null && isText(user.id) && isText(user.email)) {
    return { user: { id: user.id, email: user.email }, organization: null, roles: parseRoles(user.role) };
  }
  if (isObject(organization) && user === null && isText(organization.id) && isText(organization.slug)) {
    return { user: null, organization: { id: organization.id, slug: organization.slug }, roles: [] };
  }
  return null;
}

/** The key check's answer, read the same way by the gate and by a route handler checking a key itself. */
export function keyCallerFrom(body: unknown): KeyCaller | null {
  if (!isObject(body) || !isObject(body.key)) return null;
  const { key } = body;
  const owner = ownerFrom(body);
  if (!owner || !isText(key.id) || !Array.isArray(key.scopes)) return null;
  const scopes = key.scopes.filter((scope): scope is ApiScope => SCOPES.includes(scope as string));
  return { keyId: key.id, ...owner, scopes };
}

export async function checkApiKey(key: string, requestHeaders: Headers, call: HandlerCall): Promise<KeyCheck> {
  const answer = await callAuthHandler(requestHeaders, API_KEY_GATE_PATH, { [API_KEY_HEADER]: key }, call);
  if (answer.kind === "unknown") return answer;
  if (answer.status === 401) return { kind: "invalid" };
  // The key's own limit, or the client address's limit on key checks (guessing).
  if (answer.status === 429) {
    const retryAfter = answer.headers.get("retry-after") ?? "";
    return { kind: "rate-limited", retryAfter: /^\d{1,6}$/.test(retryAfter) ? retryAfter : "60" };
  }
  if (answer.status !== 200) return { kind: "unknown", reason: `status ${answer.status}` };
  const caller = keyCallerFrom(answer.body);
  return caller ? { kind: "valid", caller } : { kind: "unknown", reason: "malformed body" };
}

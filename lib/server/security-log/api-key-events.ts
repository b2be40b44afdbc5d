/**
 * API keys created and revoked, as security events of the person who did it
 * (and of the organization, for one of its keys): which key
 * (its id, name, visible start and access), never the key or its hash. The
 * key is named in `detail` as people read it, in the account's activity list
 * and the admin console alike.
 */
import type { ApiKeyChange } from "@/lib/server/auth/api-key-changes";
import { accessOf } from "@/lib/shared/auth/api-key-access";
import type { SecurityEventInput } from "./events";

export function apiKeyEvent(
  { change, key, organization }: ApiKeyChange,
  owner: { id: string; email: string },
  headers: Headers | undefined,
): SecurityEventInput {
  return {
    type: change === "created" ? "api-key-created" : "api-key-revoked",
    success: true,
    userId: owner.id,
    email: owner.email,
    // The name is at most 50 characters, so the whole line fits the stored 256.
    detail: `${key.name} · ${key.start}… · ${accessOf(key.kind).toLowerCase()} · id ${key.id}`,
    headers: headers ?? null,
    // An organization's key is also the organization's event (its activity page).
    organizationId: organization?.id ?? null,
  };
}

/**
 * An API key as people read it, the same on /account/api-keys, in the owner's
 * mail and in the security log: its name, its visible start and its access.
 * Never the key itself or its hash: nothing here can hold them.
 */
import { API_KEY_KINDS, type ApiKeyKind, keyKind } from "./api-credentials";

export type KeyOwner = (typeof API_KEY_KINDS)[ApiKeyKind]["owner"];

/** The kinds made for an owner: a person's account, or an organization. */
export const keyKindsOf = (owner: KeyOwner) =>
  (Object.keys(API_KEY_KINDS) as ApiKeyKind[]).filter((kind) => API_KEY_KINDS[kind].owner === owner);

export const isKeyKindOf = (owner: KeyOwner, value: string): value is ApiKeyKind =>
  (keyKindsOf(owner) as string[]).includes(value);

export type ApiKeyAccess = "Read only" | "Read and write";

/** How a kind's scopes read to people. */
export const accessOf = (kind: ApiKeyKind): ApiKeyAccess =>
  (API_KEY_KINDS[kind].scopes as readonly string[]).includes("write") ? "Read and write" : "Read only";

/** The key forms' field naming the owner: absent for the account's own keys, an organization's slug otherwise. */
export const ORGANIZATION_FIELD = "organizationSlug";

/** The lifetimes the create form offers (days); a key may also never expire. */
export const API_KEY_EXPIRY_DAYS = [30, 90, 365] as const;

export interface ApiKeySummary {
  id: string;
  name: string;
  /** The first characters (prefix and four more): enough to recognise it, far too few to use it. */
  start: string;
  kind: ApiKeyKind;
}

/** What may be shown of a key row or an answer of the plugin, picked field by field. */
export function summarizeApiKey(row: {
  id: string;
  name?: string | null;
  start?: string | null;
  configId?: string | null;
}): ApiKeySummary {
  const id = row.configId ?? "default";
  return {
    id: row.id,
    name: row.name ?? "",
    start: row.start ?? "",
    // Only the app's own configurations are ever stored; an unknown one would read as the narrowest.
    kind: keyKind(id) ? (id as ApiKeyKind) : "default",
  };
}

/**
 * An API key as people read it, the same on /account/api-keys, in the owner's
 * mail and in the security log: its name, its visible start and its access.
 * Never the key itself or its hash: nothing here can hold them.
 */
import { API_KEY_KINDS, type ApiKeyKind } from "./api-credentials";

/** The access a person chooses when creating a key, by the plugin's configuration id. */
export const API_KEY_ACCESS: Record<ApiKeyKind, string> = {
  default: "Read only",
  write: "Read and write",
};

/** The lifetimes the create form offers (days); a key may also never expire. */
export const API_KEY_EXPIRY_DAYS = [30, 90, 365] as const;

export interface ApiKeySummary {
  id: string;
  name: string;
  /** The first characters (prefix and four more): enough to recognise it, far too few to use it. */
  start: string;
  kind: ApiKeyKind;
}

export const isApiKeyKind = (value: string): value is ApiKeyKind => Object.hasOwn(API_KEY_KINDS, value);

/** What may be shown of a key row or an answer of the plugin, picked field by field. */
export function summarizeApiKey(row: {
  id: string;
  name?: string | null;
  start?: string | null;
  configId?: string | null;
}): ApiKeySummary {
  const kind = row.configId ?? "default";
  return {
    id: row.id,
    name: row.name ?? "",
    start: row.start ?? "",
    // An unknown configuration holds no scopes (keyScopes); it reads as the narrowest access.
    kind: isApiKeyKind(kind) ? kind : "default",
  };
}

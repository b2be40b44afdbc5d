/**
 * Which API key an endpoint just created or revoked, for what follows a
 * success: the security log (lib/server/security-log/api-key-events.ts) and
 * the owner's mail (./account-mail.ts). Creating answers with the key; revoking
 * answers `{ success: true }` only, so the key row is read before the plugin
 * deletes it, into this request's state. Only a summary is kept: never the
 * key or its hash.
 */
import { defineRequestState } from "@better-auth/core/context";
import type { BetterAuthPlugin } from "better-auth";
import { createAuthMiddleware, isAPIError } from "better-auth/api";
import { type ApiKeySummary, summarizeApiKey } from "@/lib/shared/auth/api-key-access";

export const API_KEY_CREATE_PATH = "/api-key/create";
export const API_KEY_DELETE_PATH = "/api-key/delete";

export interface ApiKeyChange {
  change: "created" | "revoked";
  key: ApiKeySummary;
}

interface KeyRow {
  id: string;
  name: string | null;
  start: string | null;
  configId: string | null;
  referenceId: string;
}

/** The row /api-key/delete was asked to delete, as it was before. */
const toBeRevoked = defineRequestState<KeyRow | null>(() => null);

type Ctx = Parameters<Parameters<typeof createAuthMiddleware>[0]>[0];

/**
 * In an after hook: the key the endpoint created or revoked for the session's
 * user, or null (another endpoint, a failure, someone else's key).
 */
export async function apiKeyChange(ctx: Ctx): Promise<ApiKeyChange | null> {
  const returned = ctx.context.returned;
  const userId = ctx.context.session?.user.id;
  if (!userId || !returned || isAPIError(returned) || returned instanceof Error) return null;
  if (ctx.path === API_KEY_CREATE_PATH) {
    const created = returned as KeyRow;
    return created.referenceId === userId ? { change: "created", key: summarizeApiKey(created) } : null;
  }
  if (ctx.path === API_KEY_DELETE_PATH) {
    const row = await toBeRevoked.get();
    // The plugin deletes only its caller's own keys; this says so again before anyone is told.
    return row && row.referenceId === userId ? { change: "revoked", key: summarizeApiKey(row) } : null;
  }
  return null;
}

export const apiKeyChanges: BetterAuthPlugin = {
  id: "edgegate-api-key-changes",
  hooks: {
    before: [
      {
        matcher: (ctx) => ctx.path === API_KEY_DELETE_PATH,
        handler: createAuthMiddleware(async (ctx) => {
          const keyId = (ctx.body as { keyId?: unknown } | undefined)?.keyId;
          if (typeof keyId !== "string") return;
          const row = await ctx.context.adapter.findOne<KeyRow>({
            model: "apikey",
            where: [{ field: "id", value: keyId }],
            select: ["id", "name", "start", "configId", "referenceId"],
          });
          await toBeRevoked.set(row);
        }),
      },
    ],
  },
};

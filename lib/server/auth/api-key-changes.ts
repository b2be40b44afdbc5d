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
import { keyKind } from "@/lib/shared/auth/api-credentials";
import { type ApiKeySummary, summarizeApiKey } from "@/lib/shared/auth/api-key-access";

export const API_KEY_CREATE_PATH = "/api-key/create";
export const API_KEY_DELETE_PATH = "/api-key/delete";

export interface ApiKeyChange {
  change: "created" | "revoked";
  key: ApiKeySummary;
  /** The organization owning the key; null for the account's own. */
  organization: { id: string; name: string; slug: string } | null;
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
 * Whose the key is, as far as anyone is told: the session user's own, or an
 * organization's (the plugin let the change through only for one of its
 * owners or admins); null for anything else.
 */
async function ownerOf(ctx: Ctx, row: KeyRow, userId: string): Promise<ApiKeyChange["organization"] | undefined> {
  if (keyKind(row.configId)?.owner !== "organization") return row.referenceId === userId ? null : undefined;
  const found = await ctx.context.adapter.findOne<{ id: string; name: string; slug: string }>({
    model: "organization",
    where: [{ field: "id", value: row.referenceId }],
    select: ["id", "name", "slug"],
  });
  return found ?? undefined;
}

/**
 * In an after hook: the key the endpoint created or revoked for the session's
 * user or one of their organizations, or null (another endpoint, a failure,
 * someone else's key).
 */
export async function apiKeyChange(ctx: Ctx): Promise<ApiKeyChange | null> {
  const returned = ctx.context.returned;
  const userId = ctx.context.session?.user.id;
  if (!userId || !returned || isAPIError(returned) || returned instanceof Error) return null;
  const [change, row] =
    ctx.path === API_KEY_CREATE_PATH
      ? (["created", returned as KeyRow] as const)
      : ctx.path === API_KEY_DELETE_PATH
        ? (["revoked", await toBeRevoked.get()] as const)
        : (["created", null] as const);
  if (!row) return null;
  const organization = await ownerOf(ctx, row, userId);
  return organization === undefined ? null : { change, key: summarizeApiKey(row), organization };
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

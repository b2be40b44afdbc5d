/**
 * API keys: Better Auth's API-key plugin, one configuration per scope
 * (`default` reads, `write` also writes; lib/shared/auth/api-credentials.ts),
 * so a person picks the scope with the plugin's own `configId` and the key's
 * prefix shows it. Keys are stored as their SHA-256 (the plugin's default),
 * shown once, and looked up by that hash: no comparison of secrets in code.
 *
 * What the plugin leaves open is added here, where the API is:
 * - the prefix, the configuration and the name are ours to say, not the
 *   client's (a key that looked like a write key and was not would mislead);
 * - at most MAX_KEYS_PER_USER keys per account;
 * - `GET /api/auth/api-key/gate`, the gate's check of a key (the plugin's
 *   verification is server-only): it also refuses a key whose owner is
 *   banned or deleted, which the plugin does not look at, and limits wrong
 *   keys per client address (KEY_GUESSES), not right ones.
 *
 * `enableSessionForAPIKeys` stays off: with it, a key would stand for a
 * session on every auth endpoint (a key could mint further keys).
 */
import { apiKey } from "@better-auth/api-key";
import { getIP } from "@better-auth/core/utils/ip";
import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthEndpoint, createAuthMiddleware, getSessionFromCtx } from "better-auth/api";
import { count, eq } from "drizzle-orm";
import { apikey, organization } from "@/lib/server/db/schema";
import type { Database } from "@/lib/server/db/types";
import { membershipIn } from "@/lib/server/organizations/membership";
import {
  API_KEY_HEADER,
  API_KEY_KINDS,
  API_KEY_RANDOM_LENGTH,
  type ApiKeyKind,
  keyKind,
} from "@/lib/shared/auth/api-credentials";
import { API_KEY_GATE_ENDPOINT } from "@/lib/shared/auth/endpoints";
import { roleAllows } from "@/lib/shared/auth/organization-access";
import { nameRuleBroken } from "@/lib/shared/auth/validation";
import { ORGANIZATION_POLICY_ERRORS } from "./organization-policy";
import { consume, exceeded } from "./rate-limit";

export const MAX_KEYS_PER_USER = 25;
export const API_KEY_NAME_MAX_LENGTH = 50;
/** Requests per key per minute; the plugin's default (10 a day) suits no API. */
export const API_KEY_REQUESTS_PER_MINUTE = 120;

export const API_KEY_ERRORS = {
  API_KEY_KIND_UNKNOWN: "Choose read or write access for the key.",
  API_KEY_PREFIX_FIXED: "A key's prefix shows its access and cannot be chosen.",
  API_KEY_NAME_INVALID: `Name the key in at most ${API_KEY_NAME_MAX_LENGTH} characters, without line breaks.`,
  API_KEY_LIMIT_REACHED: `An account or organization can have at most ${MAX_KEYS_PER_USER} keys. Revoke one you no longer use first.`,
  API_KEY_NOT_YOURS: "Only the organization's owners and admins manage its keys.",
  API_KEY_ORGANIZATION_REQUIRED: "Name the organization the key is for.",
} as const;

/** Wrong keys per client address (an IPv6 /48) a minute: a guesser's every request is a query. */
export const KEY_GUESSES = { window: 60, max: 30 };

const tooMany = (seconds: number, message: string) =>
  new APIError("TOO_MANY_REQUESTS", { code: "RATE_LIMITED", message }, { "retry-after": String(seconds) });

const refusal = (code: keyof typeof API_KEY_ERRORS) =>
  APIError.from("BAD_REQUEST", { code, message: API_KEY_ERRORS[code] });

function configuration(kind: ApiKeyKind) {
  const { prefix, owner } = API_KEY_KINDS[kind];
  return {
    configId: kind,
    references: owner,
    defaultPrefix: prefix,
    defaultKeyLength: API_KEY_RANDOM_LENGTH,
    // Enough to tell keys apart in a list, far too little to guess the rest.
    startingCharactersConfig: { charactersLength: prefix.length + 4 },
    requireName: true,
    maximumNameLength: API_KEY_NAME_MAX_LENGTH,
    keyExpiration: { defaultExpiresIn: null, minExpiresIn: 1, maxExpiresIn: 365 },
    rateLimit: { enabled: true, timeWindow: 60_000, maxRequests: API_KEY_REQUESTS_PER_MINUTE },
    enableSessionForAPIKeys: false,
  } as const;
}

export const apiKeys = () => apiKey((Object.keys(API_KEY_KINDS) as ApiKeyKind[]).map(configuration));

export type VerifyApiKey = (key: string) => Promise<{
  valid: boolean;
  error: { code?: string; details?: { tryAgainIn?: number } } | null;
  key: { id: string; referenceId: string; configId?: string | null } | null;
}>;

interface GateUser {
  id: string;
  email: string;
  role?: string | null;
  banned?: boolean | null;
  banExpires?: Date | string | null;
}

/** On deleting an account or an organization: the plugin's keys name their owner without a foreign key. */
export async function deleteApiKeysOf(db: Database, ownerId: string): Promise<void> {
  await db.delete(apikey).where(eq(apikey.referenceId, ownerId));
}

/**
 * An organization's keys are its owners' and admins' to make and list
 * (`apiKey` permissions, lib/shared/auth/organization-access.ts). Not a
 * member is answered as no such organization, as everywhere else.
 */
async function assertMayManageKeysOf(db: Database, userId: string, organizationId: string, action: "create" | "read") {
  const membership = await membershipIn(db, userId, { id: organizationId });
  if (!membership) throw APIError.from("NOT_FOUND", ORGANIZATION_POLICY_ERRORS.ORGANIZATION_NOT_FOUND);
  if (!roleAllows(membership.member.role, `apiKey:${action}`)) {
    throw APIError.from("FORBIDDEN", { code: "API_KEY_NOT_YOURS", message: API_KEY_ERRORS.API_KEY_NOT_YOURS });
  }
}

const isBanned = (user: GateUser) =>
  user.banned === true && !(user.banExpires && new Date(user.banExpires).getTime() <= Date.now());

/**
 * The rules on creating keys, and the gate's check of one. `verify` is the
 * plugin's server-only verification, reached through the instance once it
 * exists (./config.ts).
 */
export function apiKeyPolicy(db: Database, verify: () => VerifyApiKey) {
  return {
    id: "edgegate-api-keys",
    hooks: {
      before: [
        {
          matcher: (ctx) => ctx.path === "/api-key/create",
          handler: createAuthMiddleware(async (ctx) => {
            const body = (ctx.body ?? {}) as {
              configId?: unknown;
              prefix?: unknown;
              name?: unknown;
              organizationId?: unknown;
            };
            if (body.prefix !== undefined) throw refusal("API_KEY_PREFIX_FIXED");
            const kind = keyKind(body.configId === undefined ? undefined : String(body.configId));
            if (!kind) throw refusal("API_KEY_KIND_UNKNOWN");
            if (typeof body.name === "string" && (!body.name.trim() || nameRuleBroken(body.name))) {
              throw refusal("API_KEY_NAME_INVALID");
            }
            const userId = (await getSessionFromCtx(ctx))?.user.id;
            if (!userId) return; // the plugin answers 401
            let owner = userId;
            if (kind.owner === "organization") {
              if (typeof body.organizationId !== "string") throw refusal("API_KEY_ORGANIZATION_REQUIRED");
              await assertMayManageKeysOf(db, userId, body.organizationId, "create");
              owner = body.organizationId;
            }
            const [held] = await db.select({ n: count() }).from(apikey).where(eq(apikey.referenceId, owner));
            if ((held?.n ?? 0) >= MAX_KEYS_PER_USER) throw refusal("API_KEY_LIMIT_REACHED");
          }),
        },
        {
          // Listing an organization's keys: the same answer for a stranger as for no such organization.
          matcher: (ctx) => ctx.path === "/api-key/list",
          handler: createAuthMiddleware(async (ctx) => {
            const organizationId = (ctx.query as { organizationId?: unknown } | undefined)?.organizationId;
            if (typeof organizationId !== "string") return;
            const userId = (await getSessionFromCtx(ctx))?.user.id;
            if (userId) await assertMayManageKeysOf(db, userId, organizationId, "read");
          }),
        },
        {
          matcher: (ctx) => ctx.path === "/api-key/update",
          handler: createAuthMiddleware(async (ctx) => {
            const name = (ctx.body as { name?: unknown } | undefined)?.name;
            if (typeof name === "string" && (!name.trim() || nameRuleBroken(name)))
              throw refusal("API_KEY_NAME_INVALID");
          }),
        },
      ],
    },
    endpoints: {
      apiKeyGate: createAuthEndpoint(API_KEY_GATE_ENDPOINT, { method: "GET" }, async (ctx) => {
        const key = ctx.headers?.get(API_KEY_HEADER);
        // By code only: the key never appears in an answer or a log line of ours.
        const invalid = APIError.from("UNAUTHORIZED", { code: "INVALID_API_KEY", message: "Invalid API key." });
        if (!key) throw invalid;
        // Wrong keys count per client address; right ones only against their own key's limit. The count
        // is read beside the check, so a good call waits for no extra round trip.
        const failures = `${getIP(ctx.request ?? ctx.headers ?? new Headers(), ctx.context.options) ?? "unknown"}|api-key-failures`;
        const [blocked, result] = await Promise.all([exceeded(db, failures, KEY_GUESSES), verify()(key)]);
        if (blocked !== null) throw tooMany(blocked, "Too many wrong keys from this address; try again later.");
        const refuse = async () => {
          await consume(db, failures, KEY_GUESSES);
          return invalid;
        };
        if (!result.valid || !result.key) {
          if (result.error?.code === "RATE_LIMITED" || result.error?.code === "USAGE_EXCEEDED") {
            const seconds = Math.max(1, Math.ceil((result.error.details?.tryAgainIn ?? 60_000) / 1000));
            throw tooMany(seconds, "This key made too many requests; try again later.");
          }
          throw await refuse();
        }
        const kind = keyKind(result.key.configId);
        if (!kind) throw await refuse();
        const answered = { id: result.key.id, scopes: kind.scopes };
        if (kind.owner === "organization") {
          const [found] = await db
            .select({ id: organization.id, slug: organization.slug })
            .from(organization)
            .where(eq(organization.id, result.key.referenceId));
          if (!found) throw await refuse();
          return ctx.json({ user: null, organization: found, key: answered });
        }
        const user = (await ctx.context.internalAdapter.findUserById(result.key.referenceId)) as GateUser | null;
        if (!user || isBanned(user)) throw await refuse();
        return ctx.json({
          user: { id: user.id, email: user.email, role: user.role ?? null },
          organization: null,
          key: answered,
        });
      }),
    },
  } satisfies BetterAuthPlugin;
}

/**
 * Recovery that recovers. Ending a thief's session is not enough when the
 * session already obtained something that outlives it: a change-email link
 * (a JWT Better Auth signs and does not store, valid for an hour) or a
 * two-factor "trust this device" cookie (30 days). So every action that ends
 * all or all other sessions of an account also raises the account's security
 * epoch (user.securityEpoch, now), and what was issued before it is refused:
 *
 * - a change-email link issued before the epoch answers exactly like an
 *   invalid one (Better Auth's own INVALID_TOKEN, redirect or 401);
 * - a trust-device record made before it no longer skips the code.
 *
 * The epoch rises on: change-password (with or without signing out the other
 * devices: the new password is the owner's statement that the old one may be
 * known), revoke-sessions, revoke-other-sessions, a password reset
 * (config.ts's onPasswordReset), the admin's revoke-user-sessions and
 * ban-user, and a completed email change, which also signs out every other
 * session (the session that pressed "confirm" stays; confirmed while signed
 * out, none does) and tells the old address what still signs in.
 */
import type { BetterAuthPlugin } from "better-auth";
import { createAuthMiddleware } from "better-auth/api";
import { eq } from "drizzle-orm";
import * as schema from "@/lib/server/db/schema";
import type { Database } from "@/lib/server/db/types";
import { emailChangedMail } from "@/lib/server/mail/compose";
import type { Mailer } from "@/lib/server/mail/mailer";
import type { ServerEnv } from "@/lib/shared/env";
import { tokenClaims } from "./account-mail";
import { deleteApiKeysOf } from "./api-keys";
import type { HookContext } from "./pending-two-factor";
import { providerName } from "./provider-name";

/**
 * Marks `userId`'s links and trusted devices issued until now as void, and
 * ends the account's API keys: a key minted with a copied cookie must not
 * outlive the owner's recovery, whichever way they recover.
 */
export async function raiseSecurityEpoch(db: Database, userId: string): Promise<void> {
  await db.update(schema.user).set({ securityEpoch: new Date() }).where(eq(schema.user.id, userId));
  await deleteApiKeysOf(db, userId);
}

async function securityEpochOf(db: Database, userId: string): Promise<Date | null> {
  const [row] = await db
    .select({ epoch: schema.user.securityEpoch })
    .from(schema.user)
    .where(eq(schema.user.id, userId));
  return row?.epoch ?? null;
}

/** The admin plugin reads `userId` with z.coerce.string(); the same reading here. */
const targetOf = (ctx: HookContext) => {
  const userId = (ctx.body as { userId?: unknown } | undefined)?.userId;
  return userId === undefined ? undefined : String(userId);
};
const ownerOf = (ctx: HookContext) => ctx.context.session?.user.id;

/** Endpoints that end all or all other sessions of an account, and whose account that is. */
const ENDS_SESSIONS: Record<string, (ctx: HookContext) => string | undefined> = {
  "/change-password": ownerOf,
  "/revoke-sessions": ownerOf,
  "/revoke-other-sessions": ownerOf,
  "/admin/revoke-user-sessions": targetOf,
  "/admin/ban-user": targetOf,
};
export const ENDS_SESSIONS_PATHS = Object.keys(ENDS_SESSIONS);

const VERIFY_EMAIL = "/verify-email";
const PASSWORD_SIGN_IN = "/sign-in/email";
export const RECOVERY_CHECKED_PATHS = [VERIFY_EMAIL, PASSWORD_SIGN_IN];

/** Better Auth's two-factor plugin's cookie: `<hmac>!<verification identifier>`, signed. */
const TRUST_DEVICE_COOKIE = "trust_device";

/** Not a JWT: Better Auth's own verification of it fails, and it answers as for any invalid link. */
export const VOID_TOKEN = "revoked";

/** A change-email link (it names the address to move to) issued before its account's epoch. */
async function isStaleEmailChange(db: Database, token: string): Promise<boolean> {
  const claims = tokenClaims(token);
  if (typeof claims.updateTo !== "string" || typeof claims.userId !== "string") return false;
  const epoch = await securityEpochOf(db, claims.userId);
  if (!epoch) return false;
  // `iat` is in whole seconds: a link from the epoch's own second counts as older (refused, never let through).
  return typeof claims.iat !== "number" || claims.iat * 1000 < epoch.getTime();
}

/**
 * Better Auth's two-factor step trusts a device whose cookie names a live
 * verification record; one made before the epoch is deleted first, so the
 * code is asked for (and Better Auth clears the cookie itself).
 */
async function forgetStaleTrustedDevice(db: Database, ctx: HookContext): Promise<void> {
  const cookie = ctx.context.createAuthCookie(TRUST_DEVICE_COOKIE);
  const identifier = ((await ctx.getSignedCookie(cookie.name, ctx.context.secret)) || "").split("!")[1];
  if (!identifier) return;
  const record = await ctx.context.internalAdapter.findVerificationValue(identifier);
  if (!record) return;
  const epoch = await securityEpochOf(db, record.value);
  if (epoch && new Date(record.createdAt) <= epoch) {
    await ctx.context.internalAdapter.deleteVerificationByIdentifier(identifier);
  }
}

interface ChangedUser {
  id: string;
  email: string;
}

/**
 * Once a change-email link has moved the address: every other session ends,
 * the epoch rises, and the old address hears of it with what still signs in.
 */
async function emailChangeCompleted(
  db: Database,
  env: ServerEnv,
  mailer: Mailer,
  user: ChangedUser,
  oldEmail: string,
  ctx: HookContext,
): Promise<void> {
  const adapter = ctx.context.internalAdapter;
  const confirming = ctx.context.session?.user.id === user.id ? ctx.context.session.session.token : null;
  const others = (await adapter.listSessions(user.id)).filter((session) => session.token !== confirming);
  if (others.length) await adapter.deleteSessions(others.map((session) => session.token));
  await raiseSecurityEpoch(db, user.id);
  const accounts = await adapter.findAccounts(user.id);
  const passkeys = await ctx.context.adapter.count({ model: "passkey", where: [{ field: "userId", value: user.id }] });
  const remaining = {
    password: accounts.some((account) => account.providerId === "credential" && account.password),
    passkey: passkeys > 0,
    providers: accounts
      .filter((account) => account.providerId !== "credential")
      .map((a) => providerName(env, a.providerId)),
  };
  mailer.send(emailChangedMail(oldEmail, user.email, remaining, `${env.baseURL}/sign-in`));
}

export function accountRecovery(db: Database, env: ServerEnv, mailer: Mailer): BetterAuthPlugin {
  return {
    id: "edgegate-account-recovery",
    schema: {
      user: {
        fields: {
          // Change-email links and trusted devices issued before this are void (see above); never set by clients.
          securityEpoch: { type: "date", required: false, input: false, returned: false },
        },
      },
    },
    init: () => ({
      options: {
        databaseHooks: {
          user: {
            update: {
              // A database hook, not an endpoint hook: it runs exactly when a link moved the address,
              // whatever the answer looks like (a success redirect can carry any callback URL).
              after: async (user, ctx) => {
                if (ctx?.path !== VERIFY_EMAIL) return;
                const claims = tokenClaims(String((ctx.query as { token?: unknown } | undefined)?.token ?? ""));
                const moved = typeof claims.updateTo === "string" && claims.updateTo.toLowerCase() === user.email;
                if (!moved || claims.userId !== user.id || typeof claims.email !== "string") return;
                await emailChangeCompleted(db, env, mailer, user, claims.email, ctx as unknown as HookContext);
              },
            },
          },
        },
      },
    }),
    hooks: {
      before: [
        {
          matcher: (ctx) => ctx.path === VERIFY_EMAIL,
          handler: createAuthMiddleware(async (ctx) => {
            const query = (ctx.query ?? {}) as Record<string, unknown>;
            if (typeof query.token !== "string" || !(await isStaleEmailChange(db, query.token))) return;
            // Handed to Better Auth as a token it cannot verify, so the answer is its own for an invalid link.
            return { context: { query: { ...query, token: VOID_TOKEN } } };
          }),
        },
        {
          matcher: (ctx) => ctx.path === PASSWORD_SIGN_IN,
          handler: createAuthMiddleware(async (ctx) => forgetStaleTrustedDevice(db, ctx)),
        },
      ],
      after: [
        {
          matcher: (ctx) => ctx.path !== undefined && ctx.path in ENDS_SESSIONS,
          handler: createAuthMiddleware(async (ctx) => {
            if (ctx.context.returned instanceof Error) return;
            const userId = ENDS_SESSIONS[ctx.path!]!(ctx);
            if (userId) await raiseSecurityEpoch(db, userId);
          }),
        },
      ],
    },
  };
}

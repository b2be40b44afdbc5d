/**
 * Re-authentication: the actions that hand the account (or, for an admin,
 * someone else's) to whoever holds the session need a proof of identity made
 * in that session within REAUTH_MAX_AGE. Otherwise the answer is
 * `403 REAUTH_REQUIRED` and nothing changes, however the endpoint is called
 * (the pages' server actions, the browser, a script with a copied cookie).
 *
 * A proof is a sign-in: the session's own `createdAt`. The proof endpoints
 * below (current password, one of the user's passkeys, or for accounts
 * without a password a code mailed to the address) end with a sign-in too:
 * they replace the session by a new one, with its own `createdAt`. (When the
 * two-factor plugin swaps a session, Better Auth 1.7.29 carries the old
 * `createdAt` over, so turning two-factor on or off proves nothing.) So there
 * is no proof to store beside the session and nothing an endpoint could copy
 * onto another session; a proof cannot unlock another session; a copy of the
 * old cookie dies when its owner proves; and Better Auth's own freshness
 * checks (`freshAge`, a day: listing sessions, adding a passkey, unlinking)
 * are met by the same proof.
 *
 * A request that carries the right current password (delete-user,
 * change-password, two-factor) is its own proof. Such a password is checked
 * here however recent the session's proof, and every password checked here
 * (and by Better Auth's verify-password) counts against the per-account limit
 * on wrong passwords (./password-attempts.ts), so neither the proof endpoint
 * nor a session, stale or just signed in, is a way to guess passwords faster
 * than signing in.
 */
import type { GenericEndpointContext } from "@better-auth/core";
import type { BetterAuthPlugin } from "better-auth";
import {
  APIError,
  createAuthEndpoint,
  createAuthMiddleware,
  getSessionFromCtx,
  sensitiveSessionMiddleware,
} from "better-auth/api";
import { setSessionCookie } from "better-auth/cookies";
import * as z from "zod";
import type { Database } from "@/lib/server/db/types";
import { reauthCodeMail } from "@/lib/server/mail/compose";
import type { Mailer } from "@/lib/server/mail/mailer";
import { REAUTH_ENDPOINTS, REAUTH_REQUIRED } from "@/lib/shared/auth/reauthentication";
import type { ServerEnv } from "@/lib/shared/env";
import { claimPasswordAttempt, DEVICE_COOKIE, passwordLockedError } from "./password-attempts";
import { issueCode, spendCode } from "./reauth-code";
import { passkeyChallenge, verifyPasskeyProof } from "./reauth-passkey";

/** The endpoints that need a recent proof; a test checks each exists and that every other one is classified ordinary. */
export const REAUTHENTICATED_PATHS = [
  "/delete-user",
  "/delete-user/callback",
  "/change-email",
  "/change-password",
  "/passkey/generate-register-options",
  "/passkey/verify-registration",
  "/two-factor/enable",
  "/two-factor/disable",
  // They reveal the authenticator secret or mint new backup codes: two-factor handed over.
  "/two-factor/get-totp-uri",
  "/two-factor/generate-backup-codes",
  // Every OAuth / OpenID provider, generic ones included, links through link-social in Better Auth 1.7.
  "/link-social",
  "/unlink-account",
  "/admin/set-role",
  "/admin/ban-user",
  "/admin/unban-user",
  "/admin/revoke-user-session",
  "/admin/revoke-user-sessions",
  // Switched off (./admin-guard.ts); gated all the same should one be turned back on.
  "/admin/impersonate-user",
  "/admin/set-user-password",
  "/admin/create-user",
  "/admin/update-user",
  "/admin/remove-user",
  // An organization handed over or emptied: deleted, someone invited in (an accepted invitation outlives the
  // owner's recovery, so a copied cookie must not be able to send one), a member removed, a role changed.
  "/organization/delete",
  "/organization/invite-member",
  "/organization/remove-member",
  "/organization/update-member-role",
  // An API key acts for the account until revoked: minting one, or turning a disabled one back on.
  "/api-key/create",
  "/api-key/update",
] as const;

/** The body field that carries the current password where an endpoint takes it. */
const OWN_PROOF: Record<string, string> = {
  "/delete-user": "password",
  "/change-password": "currentPassword",
  "/two-factor/enable": "password",
  "/two-factor/disable": "password",
  "/two-factor/get-totp-uri": "password",
  "/two-factor/generate-backup-codes": "password",
};

const ERRORS = {
  REAUTH_REQUIRED: {
    code: REAUTH_REQUIRED,
    message: "Confirm it is you to do this: enter your password, use a passkey or a code we email you",
  },
  INVALID_PASSWORD: { code: "INVALID_PASSWORD", message: "Invalid password" },
  HAS_PASSWORD: { code: "PASSWORD_REQUIRED", message: "This account has a password: confirm with it instead" },
};

type SessionOf = NonNullable<Awaited<ReturnType<typeof getSessionFromCtx>>>;

const gated = new Set<string>(REAUTHENTICATED_PATHS);

export function reauthentication(db: Database, env: ServerEnv, mailer: Mailer): BetterAuthPlugin {
  const provedRecently = (session: SessionOf) =>
    Date.now() - new Date(session.session.createdAt).getTime() < env.reauthMaxAge * 1000;

  /** Throws unless `password` is the user's; a wrong one keeps its slot in the per-account limit. */
  async function checkPassword(ctx: GenericEndpointContext, user: SessionOf["user"], password: string) {
    const device = ctx.getCookie(ctx.context.createAuthCookie(DEVICE_COOKIE).name);
    const attempt = (await claimPasswordAttempt(db, env.secret, user.email, device))!;
    if (!attempt.allowed) throw passwordLockedError(attempt.retryAfter);
    const hash = (await ctx.context.internalAdapter.findCredentialAccount(user.id))?.password;
    const right =
      !!hash &&
      password.length <= ctx.context.password.config.maxPasswordLength &&
      (await ctx.context.password.verify({ hash, password }));
    if (!right) throw APIError.from("BAD_REQUEST", ERRORS.INVALID_PASSWORD);
    await attempt.release();
  }

  /** The proof made: the session is replaced by a new one, signed in now (the module comment says why). */
  async function signInAgain(ctx: GenericEndpointContext, current: SessionOf) {
    const dontRemember = Boolean(
      await ctx.getSignedCookie(ctx.context.authCookies.dontRememberToken.name, ctx.context.secret),
    );
    const session = await ctx.context.internalAdapter.createSession(current.user.id, dontRemember);
    await setSessionCookie(ctx, { session, user: current.user }, dontRemember);
    await ctx.context.internalAdapter.deleteSession(current.session.token);
    return ctx.json({ status: true });
  }

  const sessionRef = (session: SessionOf) => ({ sessionId: session.session.id, userId: session.user.id });
  return {
    id: "edgegate-reauthentication",
    endpoints: {
      reauthenticatePassword: createAuthEndpoint(
        REAUTH_ENDPOINTS.password,
        { method: "POST", body: z.object({ password: z.string() }), use: [sensitiveSessionMiddleware] },
        async (ctx) => {
          await checkPassword(ctx, ctx.context.session.user, ctx.body.password);
          return signInAgain(ctx, ctx.context.session);
        },
      ),
      reauthenticatePasskeyOptions: createAuthEndpoint(
        REAUTH_ENDPOINTS.passkeyOptions,
        { method: "POST", body: z.object({}), use: [sensitiveSessionMiddleware] },
        async (ctx) => ctx.json(await passkeyChallenge(ctx, env.baseURL, sessionRef(ctx.context.session))),
      ),
      reauthenticatePasskey: createAuthEndpoint(
        REAUTH_ENDPOINTS.passkeyVerify,
        {
          method: "POST",
          body: z.object({ response: z.record(z.string(), z.unknown()) }),
          use: [sensitiveSessionMiddleware],
        },
        async (ctx) => {
          // The shape is SimpleWebAuthn's to check; it refuses anything that is not an assertion.
          const response = ctx.body.response as unknown as Parameters<typeof verifyPasskeyProof>[3];
          await verifyPasskeyProof(ctx, env.baseURL, sessionRef(ctx.context.session), response);
          return signInAgain(ctx, ctx.context.session);
        },
      ),
      reauthenticateSendCode: createAuthEndpoint(
        REAUTH_ENDPOINTS.sendCode,
        { method: "POST", body: z.object({}), use: [sensitiveSessionMiddleware] },
        async (ctx) => {
          const { user } = ctx.context.session;
          if ((await ctx.context.internalAdapter.findCredentialAccount(user.id))?.password) {
            throw APIError.from("BAD_REQUEST", ERRORS.HAS_PASSWORD);
          }
          const code = await issueCode(ctx, db, env.secret, sessionRef(ctx.context.session));
          mailer.send(reauthCodeMail(user.email, code, `${env.baseURL}/sign-in`));
          return ctx.json({ status: true });
        },
      ),
      reauthenticateCode: createAuthEndpoint(
        REAUTH_ENDPOINTS.verifyCode,
        { method: "POST", body: z.object({ code: z.string().max(64) }), use: [sensitiveSessionMiddleware] },
        async (ctx) => {
          await spendCode(ctx, db, env.secret, sessionRef(ctx.context.session), ctx.body.code.trim());
          return signInAgain(ctx, ctx.context.session);
        },
      ),
    },
    hooks: {
      before: [
        {
          matcher: (ctx) => gated.has(ctx.path ?? ""),
          handler: createAuthMiddleware(async (ctx) => {
            // From the database: a proof is never read from the signed cache.
            const session = await getSessionFromCtx(ctx, { disableCookieCache: true });
            if (!session) return; // the endpoint answers 401
            const field = OWN_PROOF[ctx.path];
            const password = field ? (ctx.body as Record<string, unknown> | undefined)?.[field] : undefined;
            // Checked here even for a recent proof: the endpoint's own check knows no per-account limit.
            if (typeof password === "string" && password) return checkPassword(ctx, session.user, password);
            if (provedRecently(session)) return;
            throw APIError.from("FORBIDDEN", ERRORS.REAUTH_REQUIRED);
          }),
        },
        {
          // Better Auth's yes/no password check changes nothing, but would answer guesses as fast as the
          // IP limit allows: it meets the per-account limit too.
          matcher: (ctx) => ctx.path === "/verify-password",
          handler: createAuthMiddleware(async (ctx) => {
            const session = await getSessionFromCtx(ctx, { disableCookieCache: true });
            const password = (ctx.body as { password?: unknown } | undefined)?.password;
            if (session && typeof password === "string") await checkPassword(ctx, session.user, password);
          }),
        },
      ],
    },
  };
}

/**
 * The first confirmation of an address proves the inbox, not the password.
 * Anyone can sign up with someone else's address and a password of their
 * choosing; the real owner then receives the genuine "confirm" mail and
 * presses it. If the account kept the password, its chooser would sign in
 * to the owner's now-confirmed account (and, for an ADMIN_EMAILS address,
 * as admin). So, for every account:
 *
 * - A browser that chose the account's password (sign-up) or showed it (a
 *   sign-in refused only because the address is unconfirmed), from the app's
 *   own pages, gets a signed, HttpOnly cookie naming the account, for a day.
 * - The first confirmation keeps the password only when the confirming
 *   browser carries that cookie (or a session of that account). The honest
 *   path (sign up, open the mail in the same browser, press confirm) is
 *   therefore unchanged; a squatter cannot put the cookie into the owner's
 *   browser (HttpOnly, this origin only, signed with the secret).
 * - Otherwise the confirmation is treated as magic links treat an unproven
 *   account: every sign-in method and every session the account gathered
 *   before the proof is removed (Better Auth's revokeUnprovenAccountAccess,
 *   and passkeys and two-factor, which that helper leaves),
 *   the confirmer is signed in, the answer says `passwordRemoved: true` (the
 *   page explains), and a link to choose a password is mailed at once through
 *   Better Auth's own reset flow. The owner keeps the account and has a way
 *   in; the chooser of the old password has nothing left.
 *
 * The sign-up answer sets the cookie for a taken address too (naming the
 * throwaway id of Better Auth's stand-in user), so both answers stay alike.
 */
import { defineRequestState, tryGetCurrentAuthEndpointContext } from "@better-auth/core/context";
import type { BetterAuthPlugin, User } from "better-auth";
import { createAuthMiddleware, getSessionFromCtx, isAPIError, requestPasswordReset } from "better-auth/api";
import { revokeUnprovenAccountAccess } from "better-auth/db";
import { AUTH_BASE_PATH } from "@/lib/shared/auth/endpoints";
import { fromOwnPageOrNoBrowser } from "./link-use-origin";

/** How long a browser's proof of the password lasts (seconds): long enough to find the mail. */
export const PASSWORD_PROOF_LIFETIME = 24 * 60 * 60;
const PROOF_COOKIE = "password_proof";

/** The endpoints this module acts after (a test asserts each exists in auth.api). */
export const FIRST_CONFIRMATION_PATHS = {
  signUp: "/sign-up/email",
  signIn: "/sign-in/email",
  verify: "/verify-email",
} as const;

const passwordRemoved = defineRequestState<boolean>(() => false);

type Ctx = Parameters<Parameters<typeof createAuthMiddleware>[0]>[0];

function proofCookie(ctx: Ctx) {
  return ctx.context.createAuthCookie(PROOF_COOKIE, { maxAge: PASSWORD_PROOF_LIFETIME, path: AUTH_BASE_PATH });
}

async function setProof(ctx: Ctx, userId: string): Promise<void> {
  // Never for another site's form: it could plant the proof of its own password in the owner's
  // browser (Better Auth refuses such posts too, but not when NODE_ENV is "test").
  if (!fromOwnPageOrNoBrowser(ctx.headers)) return;
  const cookie = proofCookie(ctx);
  await ctx.setSignedCookie(cookie.name, userId, ctx.context.secret, cookie.attributes);
}

async function browserProvedPassword(ctx: Ctx, userId: string): Promise<boolean> {
  if ((await ctx.getSignedCookie(proofCookie(ctx).name, ctx.context.secret)) === userId) return true;
  return (await getSessionFromCtx(ctx))?.user.id === userId;
}

/** Runs inside /verify-email, after the token was checked and before the address is marked confirmed. */
async function beforeFirstConfirmation(user: User): Promise<void> {
  const ctx = tryGetCurrentAuthEndpointContext() as Ctx | undefined;
  if (!ctx || (await browserProvedPassword(ctx, user.id))) return;
  const accounts = await ctx.context.internalAdapter.findAccounts(user.id);
  await revokeUnprovenAccountAccess(ctx, user.id);
  // What Better Auth's helper leaves: a passkey or a second factor planted from a session the
  // account had before the proof would let their planter in, or lock the owner out.
  const byUser = [{ field: "userId", value: user.id }];
  await ctx.context.adapter.deleteMany({ model: "passkey", where: byUser });
  await ctx.context.adapter.deleteMany({ model: "twoFactor", where: byUser });
  if ((user as { twoFactorEnabled?: boolean }).twoFactorEnabled) {
    await ctx.context.internalAdapter.updateUser(user.id, { twoFactorEnabled: false });
  }
  if (!accounts.some((account) => account.providerId === "credential")) return;
  await passwordRemoved.set(true);
  // The reset flow is the way to set a password; its mail goes out after the response, like every other.
  await requestPasswordReset({
    ...ctx,
    method: "POST",
    body: { email: user.email },
    asResponse: false,
    returnHeaders: false,
  });
}

export const firstConfirmation: BetterAuthPlugin = {
  id: "edgegate-first-confirmation",
  init: () => ({ options: { emailVerification: { beforeEmailVerification: beforeFirstConfirmation } } }),
  hooks: {
    after: [
      {
        matcher: (ctx) => ctx.path === FIRST_CONFIRMATION_PATHS.signUp,
        handler: createAuthMiddleware(async (ctx) => {
          const returned = ctx.context.returned as { token?: unknown; user?: { id?: unknown } } | undefined;
          // token null: no session was made, the address waits for its confirmation.
          if (returned && !isAPIError(returned) && returned.token === null && typeof returned.user?.id === "string") {
            await setProof(ctx, returned.user.id);
          }
        }),
      },
      {
        matcher: (ctx) => ctx.path === FIRST_CONFIRMATION_PATHS.signIn,
        handler: createAuthMiddleware(async (ctx) => {
          const returned = ctx.context.returned;
          if (!isAPIError(returned) || returned.body?.code !== "EMAIL_NOT_VERIFIED") return;
          // Better Auth says so only after the password was checked and found right.
          const email = (ctx.body as { email?: unknown } | undefined)?.email;
          const found =
            typeof email === "string" && (await ctx.context.internalAdapter.findUserByEmail(email.toLowerCase()));
          if (found) await setProof(ctx, found.user.id);
        }),
      },
      {
        matcher: (ctx) => ctx.path === FIRST_CONFIRMATION_PATHS.verify,
        handler: createAuthMiddleware(async (ctx) => {
          const returned = ctx.context.returned;
          if (!returned || isAPIError(returned) || typeof returned !== "object") return;
          // Confirmed: the proof has served its one purpose and leaves the browser.
          const cookie = proofCookie(ctx);
          if (ctx.getCookie(cookie.name)) ctx.setCookie(cookie.name, "", { ...cookie.attributes, maxAge: 0 });
          if (await passwordRemoved.get()) return ctx.json({ ...(returned as object), passwordRemoved: true });
        }),
      },
    ],
  },
};

/**
 * Each authenticator code signs in once (RFC 6238 §5.2: a verifier must not
 * accept the same one-time password twice). Better Auth's TOTP check accepts
 * a code for as long as it is current, about 90 s with its one-step window,
 * so someone who watched a code being typed could use it again. Before a
 * code is checked, this reserves it for its account in the verification
 * table (an atomic insert, so two requests racing with one code cannot both
 * win); a code already reserved is refused like a wrong one.
 */
import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware, getSessionFromCtx } from "better-auth/api";
import { type HookContext, pendingTwoFactor } from "./pending-two-factor";

/** Longer than any code stays acceptable (30 s steps, one step either side). */
const CODE_LIFETIME_MS = 120_000;

const CODE_ALREADY_USED = {
  code: "TOTP_CODE_ALREADY_USED",
  message: "This code was already used. Wait for the next one",
};

export const totpCodesSingleUse: BetterAuthPlugin = {
  id: "edgegate-totp-single-use",
  hooks: {
    before: [
      {
        matcher: (ctx) => ctx.path === "/two-factor/verify-totp",
        handler: createAuthMiddleware(async (ctx) => {
          const code = (ctx.body as { code?: unknown } | undefined)?.code;
          if (typeof code !== "string") return;
          const userId = await pendingUserId(ctx);
          if (!userId) return; // Better Auth refuses the request itself
          const reserved = await ctx.context.internalAdapter.reserveVerificationValue({
            identifier: `totp-used:${userId}:${code}`,
            value: userId,
            expiresAt: new Date(Date.now() + CODE_LIFETIME_MS),
          });
          if (!reserved) throw APIError.from("UNAUTHORIZED", CODE_ALREADY_USED);
        }),
      },
    ],
  },
};

/** Whose code this is: the signed-in user's (turning two-factor on), or the half-finished sign-in's. */
async function pendingUserId(ctx: HookContext): Promise<string | undefined> {
  const session = await getSessionFromCtx(ctx);
  if (session) return session.user.id;
  const identifier = await pendingTwoFactor(ctx);
  if (!identifier) return undefined;
  // An expired half-finished sign-in is refused by Better Auth (1.7.27 on); it must not use up the code either.
  const found = await ctx.context.internalAdapter.findVerificationValue(identifier);
  return found && new Date(found.expiresAt).getTime() > Date.now() ? found.value : undefined;
}

/**
 * The half-finished sign-in of a request (password done, second factor due):
 * Better Auth's two-factor plugin keeps it in a signed `two_factor` cookie
 * that names a verification row, not in a session.
 */
import type { createAuthMiddleware } from "better-auth/api";

/** The context Better Auth hands a hook (`createAuthMiddleware`'s handler). */
export type HookContext = Parameters<Parameters<typeof createAuthMiddleware>[0]>[0];

/** The verification identifier the request's signed two-factor cookie names, if it carries a valid one. */
export async function pendingTwoFactor(ctx: HookContext): Promise<string | null> {
  const cookie = ctx.context.createAuthCookie("two_factor");
  return (await ctx.getSignedCookie(cookie.name, ctx.context.secret)) || null;
}

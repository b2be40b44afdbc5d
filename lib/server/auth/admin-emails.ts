/**
 * ADMIN_EMAILS grants the admin role to a proven address, never to whoever
 * registers it first: an account gets the role once its email is verified and
 * listed, keeps it while that stays true, and loses the role it got that way
 * when its email changes to an unlisted address or the address leaves the list.
 * Which address earned the role is recorded (user.adminGrantedFor), so a role
 * given in the admin console is not taken away by an email change.
 *
 * Checked after every change to a user (verification, email change) and at
 * every sign-in (an address added to ADMIN_EMAILS later counts from the next
 * one). Like any role change, the signed session cache shows it within one
 * cache window.
 */
import type { BetterAuthPlugin } from "better-auth";
import { createAuthMiddleware, getSessionFromCtx } from "better-auth/api";
import { eq } from "drizzle-orm";
import * as schema from "@/lib/server/db/schema";
import type { Database } from "@/lib/server/db/types";
import { parseRoles } from "@/lib/shared/auth/roles";
import { tokenClaims } from "./account-mail";
import { VOID_TOKEN } from "./account-recovery";

export const ADMIN_ROLE = "admin";
/** The role every account starts with (the admin plugin's default). */
export const DEFAULT_ROLE = "user";

export interface RoleHolder {
  email: string;
  emailVerified: boolean;
  role?: string | null;
  adminGrantedFor?: string | null;
}

/** The role and grant the rule asks for, or null when the user already has them. */
export function adminGrantFor(
  user: RoleHolder,
  adminEmails: ReadonlySet<string>,
): Pick<RoleHolder, "role" | "adminGrantedFor"> | null {
  const email = user.email.toLowerCase();
  const roles = parseRoles(user.role);
  const proven = user.emailVerified && adminEmails.has(email);
  if (proven) {
    if (roles.includes(ADMIN_ROLE) && user.adminGrantedFor === email) return null;
    // "admin" replaces the default "user"; other roles (e.g. "support") stay.
    const others = roles.filter((role) => role !== ADMIN_ROLE && role !== DEFAULT_ROLE);
    return { role: [...others, ADMIN_ROLE].join(","), adminGrantedFor: email };
  }
  if (!user.adminGrantedFor) return null; // no role from ADMIN_EMAILS to take back
  const rest = roles.filter((role) => role !== ADMIN_ROLE);
  return { role: rest.length ? rest.join(",") : DEFAULT_ROLE, adminGrantedFor: null };
}

/** Applies the rule to one user (read from the database unless given) and writes the change, if any. */
export function adminRoleSync(db: Database, adminEmails: ReadonlySet<string>) {
  return async (userId: string, user?: RoleHolder): Promise<void> => {
    const current = user ?? (await db.query.user.findFirst({ where: eq(schema.user.id, userId) }));
    const change = current && adminGrantFor(current, adminEmails);
    if (change) await db.update(schema.user).set(change).where(eq(schema.user.id, userId));
  };
}

/** The endpoint that completes an email change (a test asserts it exists in auth.api). */
export const VERIFY_EMAIL_PATH = "/verify-email";

/**
 * An ADMIN_EMAILS address reached by an email change moves only in a browser
 * signed in to the account that asked. The genuine "confirm your new address"
 * link, pressed by the address's owner while signed out (as a person who
 * never asked for it would), otherwise hands the address, and with it the
 * role, to the account that asked, with the password its asker chose: the
 * squatting that ./first-confirmation.ts ends for sign-ups. Elsewhere the
 * link answers as an invalid one does.
 */
export function adminAddressesMoveOnlyForTheirAsker(adminEmails: ReadonlySet<string>): BetterAuthPlugin {
  return {
    id: "edgegate-admin-addresses-move-only-for-their-asker",
    hooks: {
      before: [
        {
          matcher: (ctx) => ctx.path === VERIFY_EMAIL_PATH,
          handler: createAuthMiddleware(async (ctx) => {
            const query = (ctx.query ?? {}) as Record<string, unknown>;
            const claims = typeof query.token === "string" ? tokenClaims(query.token) : {};
            if (typeof claims.updateTo !== "string" || !adminEmails.has(claims.updateTo.toLowerCase())) return;
            if ((await getSessionFromCtx(ctx))?.user.id === claims.userId) return;
            return { context: { query: { ...query, token: VOID_TOKEN } } };
          }),
        },
      ],
    },
  };
}

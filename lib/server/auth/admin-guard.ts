/**
 * Rules for the admin plugin's endpoints that hold however they are called
 * (the console's server actions, or a script posting to /api/auth/admin/*):
 *
 * - An admin cannot take the admin role from themselves: the last admin could
 *   otherwise lock everyone out of the console. (Banning oneself Better Auth
 *   already refuses.)
 * - A role granted through ADMIN_EMAILS is not taken away here: it would come
 *   back at the next sign-in (./admin-emails.ts). Removing the address from
 *   ADMIN_EMAILS is the way.
 *
 * The endpoints the console does not use (impersonation, setting passwords,
 * creating, editing and removing users) are switched off in config.ts.
 */
import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware, getSessionFromCtx } from "better-auth/api";
import { parseRoles } from "@/lib/shared/auth/roles";
import { ADMIN_ROLE } from "./admin-emails";

const ADMIN_GUARD_ERRORS = {
  OWN_ADMIN_ROLE: { code: "CANNOT_REMOVE_OWN_ADMIN_ROLE", message: "You cannot remove your own admin role" },
  ROLE_FROM_ADMIN_EMAILS: {
    code: "ROLE_FROM_ADMIN_EMAILS",
    message: "This admin role comes from ADMIN_EMAILS; remove the address there to take it away",
  },
};

export const ADMIN_DISABLED_PATHS = [
  "/admin/impersonate-user",
  "/admin/stop-impersonating",
  "/admin/set-user-password",
  "/admin/create-user",
  "/admin/update-user",
  "/admin/remove-user",
];

export const adminGuard: BetterAuthPlugin = {
  id: "edgegate-admin-guard",
  hooks: {
    before: [
      {
        matcher: (ctx) => ctx.path === "/admin/set-role",
        handler: createAuthMiddleware(async (ctx) => {
          const body = (ctx.body ?? {}) as { userId?: unknown; role?: unknown };
          const roles = [body.role].flat().flatMap((role) => parseRoles(typeof role === "string" ? role : null));
          if (roles.includes(ADMIN_ROLE) || typeof body.userId !== "string") return;
          const session = await getSessionFromCtx(ctx);
          if (!session) return; // the endpoint refuses it
          if (session.user.id === body.userId) throw APIError.from("FORBIDDEN", ADMIN_GUARD_ERRORS.OWN_ADMIN_ROLE);
          const target = (await ctx.context.internalAdapter.findUserById(body.userId)) as {
            adminGrantedFor?: string | null;
          } | null;
          if (target?.adminGrantedFor) throw APIError.from("FORBIDDEN", ADMIN_GUARD_ERRORS.ROLE_FROM_ADMIN_EMAILS);
        }),
      },
    ],
  },
};

/**
 * Rules for the admin plugin's endpoints that hold however they are called
 * (the console's server actions, or a script posting to /api/auth/admin/*):
 *
 * - An admin cannot take the admin role from themselves: the last admin could
 *   otherwise lock everyone out of the console. (Banning oneself Better Auth
 *   already refuses.)
 * - An ADMIN_EMAILS admin (the role came from the list, or the account's
 *   address is listed) is not demoted, banned or signed out by another admin:
 *   the list is the deployment owner's word, and an admin the console made must
 *   not lock the owner out for good. A demotion would come back at the next
 *   sign-in anyway (./admin-emails.ts). Removing the address from ADMIN_EMAILS
 *   is the way; the owner signs their own sessions out on /account/security.
 * - The target is one user id, a string. Better Auth coerces what it is given
 *   (`["id"]` becomes "id"), so a rule deciding on the raw body could be
 *   passed with an array and then apply to the user after all: anything else
 *   is refused before any rule decides.
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
  ADMIN_FROM_ADMIN_EMAILS: {
    code: "ROLE_FROM_ADMIN_EMAILS",
    message:
      "This admin is named in ADMIN_EMAILS; remove the address there before changing, banning or signing them out",
  },
  INVALID_USER_ID: { code: "INVALID_USER_ID", message: "userId must be a single user id" },
};

export const ADMIN_DISABLED_PATHS = [
  "/admin/impersonate-user",
  "/admin/stop-impersonating",
  "/admin/set-user-password",
  "/admin/create-user",
  "/admin/update-user",
  "/admin/remove-user",
];

/** The admin endpoints that act on another user and must spare ADMIN_EMAILS admins (a test asserts each exists). */
export const GUARDED_ADMIN_PATHS = [
  "/admin/set-role",
  "/admin/ban-user",
  "/admin/revoke-user-sessions",
  "/admin/revoke-user-session",
];

interface Target {
  id: string;
  email: string;
  adminGrantedFor?: string | null;
}

type Body = { userId?: unknown; role?: unknown; sessionToken?: unknown };

export function adminGuard(adminEmails: ReadonlySet<string>): BetterAuthPlugin {
  const isListedAdmin = (user: Target) => !!user.adminGrantedFor || adminEmails.has(user.email.toLowerCase());
  return {
    id: "edgegate-admin-guard",
    hooks: {
      before: [
        {
          matcher: (ctx) => !!ctx.path?.startsWith("/admin/"),
          handler: createAuthMiddleware(async (ctx) => {
            for (const source of [ctx.body, ctx.query] as ({ userId?: unknown } | undefined)[]) {
              if (source && Object.hasOwn(source, "userId")) {
                const { userId } = source;
                if (typeof userId !== "string" || userId === "")
                  throw APIError.from("BAD_REQUEST", ADMIN_GUARD_ERRORS.INVALID_USER_ID);
              }
            }
          }),
        },
        {
          matcher: (ctx) => ctx.path !== undefined && GUARDED_ADMIN_PATHS.includes(ctx.path),
          handler: createAuthMiddleware(async (ctx) => {
            const body = (ctx.body ?? {}) as Body;
            if (ctx.path === "/admin/set-role") {
              const roles = [body.role].flat().flatMap((role) => parseRoles(typeof role === "string" ? role : null));
              if (roles.includes(ADMIN_ROLE)) return; // granting admin takes nothing away
            }
            const session = await getSessionFromCtx(ctx);
            if (!session) return; // the endpoint refuses it
            const target = await targetOf(ctx, body);
            if (!target) return; // the endpoint answers an unknown target
            if (target.id === session.user.id) {
              if (ctx.path === "/admin/set-role") throw APIError.from("FORBIDDEN", ADMIN_GUARD_ERRORS.OWN_ADMIN_ROLE);
              return; // one's own sessions are one's own to end (a self-ban Better Auth refuses)
            }
            if (isListedAdmin(target)) throw APIError.from("FORBIDDEN", ADMIN_GUARD_ERRORS.ADMIN_FROM_ADMIN_EMAILS);
          }),
        },
      ],
    },
  };
}

type HookContext = Parameters<Parameters<typeof createAuthMiddleware>[0]>[0];

/** The user an admin request acts on: by userId, or the owner of the session it names. */
async function targetOf(ctx: HookContext, body: Body): Promise<Target | null> {
  const adapter = ctx.context.internalAdapter;
  if (typeof body.userId === "string") return (await adapter.findUserById(body.userId)) as Target | null;
  if (typeof body.sessionToken === "string")
    return ((await adapter.findSession(body.sessionToken))?.user ?? null) as Target | null;
  return null;
}

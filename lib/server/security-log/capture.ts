/**
 * Where security events come from: Better Auth's endpoint results (an after
 * hook that runs once the endpoint has answered, so it sees success or the
 * error) and its database hooks (a user created or deleted, a session
 * deleted), each mapped to an event by the endpoint's path. Nothing here
 * waits on the database: the recorder writes after the response.
 */
import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { tokenClaims } from "@/lib/server/auth/account-mail";
import { apiKeyChange } from "@/lib/server/auth/api-key-changes";
import { type HookContext, pendingTwoFactor } from "@/lib/server/auth/pending-two-factor";
import { apiKeyEvent } from "./api-key-events";
import type { SecurityEventInput, SecurityEventType } from "./events";
import { organizationEvents } from "./organization-events";
import type { SecurityLog } from "./recorder";

/** What database hooks get: the endpoint context, or null outside one. */
interface EndpointContext {
  path?: string;
  headers?: Headers;
  params?: Record<string, string | undefined>;
  context?: { session?: { user: { id: string } } | null };
}

/** The endpoints that sign a person in, and the method each stands for. */
function signInMethod(ctx: { path?: string; params?: Record<string, string | undefined> }): string | null {
  const path = ctx.path ?? "";
  if (path.startsWith("/callback/")) return ctx.params?.id ?? "oauth";
  return (
    {
      "/sign-in/email": "password",
      "/sign-up/email": "password",
      "/passkey/verify-authentication": "passkey",
      "/magic-link/verify": "magic-link",
      "/two-factor/verify-totp": "two-factor",
      "/two-factor/verify-backup-code": "backup-code",
      "/verify-email": "email-link",
    }[path] ?? null
  );
}

const REVOKE_PATHS = new Set([
  "/revoke-session",
  "/revoke-sessions",
  "/revoke-other-sessions",
  "/admin/revoke-user-session",
  "/admin/revoke-user-sessions",
]);

/** The error code of a failed endpoint: an API error's code, or the `error` a redirect carries. */
function failureOf(returned: unknown): string | null {
  if (!(returned instanceof APIError)) return null;
  if (returned.status === "FOUND") {
    const location = (returned.headers as Record<string, string> | undefined)?.location;
    if (!location) return null;
    const error = new URL(location, "http://x").searchParams.get("error");
    return error ? error : null;
  }
  return (returned.body as { code?: string } | undefined)?.code ?? String(returned.status);
}

const bodyOf = (ctx: HookContext) => (ctx.body ?? {}) as Record<string, unknown>;
const text = (value: unknown) => (typeof value === "string" ? value : null);

/** Events that an endpoint's result tells, by path. */
function endpointEvent(ctx: HookContext, pending: string | null): SecurityEventInput[] {
  const returned = ctx.context.returned;
  const failure = failureOf(returned);
  const actor = ctx.context.session?.user as { id: string; email: string } | undefined;
  const body = bodyOf(ctx);
  const base = { headers: ctx.headers ?? null };
  const path = ctx.path;
  const event = (type: SecurityEventType, fields: Partial<SecurityEventInput>): SecurityEventInput => ({
    ...base,
    type,
    success: failure === null,
    ...fields,
  });

  const method = signInMethod(ctx);
  const signedIn = ctx.context.newSession;
  const confirmed = path === "/verify-email" && failure === null ? addressConfirmed(ctx) : [];
  if (method && path !== "/sign-up/email") {
    // Turning two-factor on confirms a first code with a session (no two-factor cookie): not a sign-in.
    if (path === "/two-factor/verify-totp" && !pending) {
      return signedIn ? [event("two-factor-enabled", { userId: signedIn.user.id, email: signedIn.user.email })] : [];
    }
    if (signedIn)
      return [...confirmed, event("sign-in", { userId: signedIn.user.id, email: signedIn.user.email, method })];
    if (failure === null) return confirmed; // e.g. the password was right and a second factor comes next
    if (path === "/verify-email") return []; // a confirmation link that did not work, not a sign-in attempt
    return [
      event("sign-in", { success: false, email: text(body.email), method, detail: failure, pendingSignIn: pending }),
    ];
  }
  if (failure !== null) return []; // other endpoints: only what they changed is recorded
  if (path.startsWith("/organization/")) return actor ? organizationEvents(path, returned, actor, base.headers) : [];
  const target = text(body.userId);
  switch (path) {
    case "/change-password":
      return actor ? [event("password-changed", { userId: actor.id, email: actor.email })] : [];
    case "/change-email":
      return actor
        ? [event("email-change-requested", { userId: actor.id, email: actor.email, detail: text(body.newEmail) })]
        : [];
    case "/two-factor/disable":
      return actor ? [event("two-factor-disabled", { userId: actor.id, email: actor.email })] : [];
    case "/passkey/verify-registration":
      return actor ? [event("passkey-added", { userId: actor.id, email: actor.email, detail: text(body.name) })] : [];
    case "/passkey/delete-passkey":
      return actor ? [event("passkey-removed", { userId: actor.id, email: actor.email })] : [];
    case "/admin/set-role":
      return [event("role-changed", { userId: target, actorId: actor?.id, detail: String(body.role) })];
    case "/admin/ban-user":
      return [event("user-banned", { userId: target, actorId: actor?.id, detail: text(body.banReason) })];
    case "/admin/unban-user":
      return [event("user-unbanned", { userId: target, actorId: actor?.id })];
    default:
      return [];
  }
}

/** A confirmation link that worked: the address was confirmed, or changed to the one it was sent to. */
function addressConfirmed(ctx: HookContext): SecurityEventInput[] {
  const claims = tokenClaims(String((ctx.query as { token?: unknown } | undefined)?.token ?? ""));
  const changed = claims.requestType === "change-email-verification";
  const email = text(changed ? claims.updateTo : claims.email);
  // The account is found by its (new) address when the event is written.
  return [{ type: changed ? "email-changed" : "email-verified", success: true, email, headers: ctx.headers ?? null }];
}

const SECOND_FACTOR_PATHS = new Set(["/two-factor/verify-totp", "/two-factor/verify-backup-code"]);

/** The half-finished sign-in a signed two-factor cookie names, when the request carries one. */
async function pendingSignIn(ctx: HookContext): Promise<string | null> {
  return SECOND_FACTOR_PATHS.has(ctx.path) ? pendingTwoFactor(ctx) : null;
}

export function securityLogCapture(log: SecurityLog) {
  const record = (events: SecurityEventInput[]) => {
    for (const event of events) log.record(event);
  };
  const plugin: BetterAuthPlugin = {
    id: "edgegate-security-log",
    hooks: {
      after: [
        {
          matcher: () => true,
          handler: createAuthMiddleware(async (ctx) => {
            record(endpointEvent(ctx, await pendingSignIn(ctx)));
            const keyChanged = await apiKeyChange(ctx);
            if (keyChanged && ctx.context.session)
              record([apiKeyEvent(keyChanged, ctx.context.session.user, ctx.headers)]);
          }),
        },
      ],
    },
  };

  /** Database hooks to merge into the auth configuration. */
  const databaseHooks = {
    userCreated(user: { id: string; email: string }, ctx: EndpointContext | null) {
      record([
        {
          type: "sign-up",
          success: true,
          userId: user.id,
          email: user.email,
          method: ctx ? signInMethod(ctx) : null,
          headers: ctx?.headers ?? null,
        },
      ]);
    },
    userDeleted(user: { id: string; email: string }, ctx: EndpointContext | null) {
      const actor = ctx?.context?.session?.user.id;
      record([
        {
          type: "account-deleted",
          success: true,
          userId: user.id,
          email: user.email,
          actorId: actor && actor !== user.id ? actor : null,
          headers: ctx?.headers ?? null,
        },
      ]);
    },
    sessionDeleted(session: { userId: string }, ctx: EndpointContext | null) {
      const path = ctx?.path ?? "";
      const type = path === "/sign-out" ? "sign-out" : REVOKE_PATHS.has(path) ? "session-revoked" : null;
      if (!type) return; // ended by a password reset, a ban or a deletion: that event says so
      const actor = ctx?.context?.session?.user.id;
      record([
        {
          type,
          success: true,
          userId: session.userId,
          actorId: actor && actor !== session.userId ? actor : null,
          headers: ctx?.headers ?? null,
        },
      ]);
    },
    passwordReset(user: { id: string; email: string }, ctx: EndpointContext | null) {
      record([{ type: "password-reset", success: true, userId: user.id, email: user.email, headers: ctx?.headers }]);
    },
  };

  return { plugin, databaseHooks };
}

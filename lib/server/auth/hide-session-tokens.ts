/**
 * Session lists go to the browser without their bearer tokens. Better Auth's
 * list-sessions (and the admin plugin's list-user-sessions) return each
 * session's token, and a token *is* the session: one injected script could
 * take over every device of the account. A page needs an id to show and to
 * revoke a session; revoking goes through server actions that look the token
 * up on the server (app/(app)/account/security/actions.ts), whose calls have
 * no request and keep the tokens.
 */
import type { BetterAuthPlugin } from "better-auth";
import { createAuthMiddleware } from "better-auth/api";

type Session = Record<string, unknown>;

const withoutToken = ({ token: _bearer, ...session }: Session): Session => session;

/** Endpoint path → its successful answer with the tokens taken out (null: not a list, left as it is). */
const LISTINGS: Record<string, (returned: unknown) => Session | Session[] | null> = {
  "/list-sessions": (returned) => (Array.isArray(returned) ? returned.map(withoutToken) : null),
  "/admin/list-user-sessions": (returned) => {
    const sessions = (returned as { sessions?: unknown } | null)?.sessions;
    return Array.isArray(sessions) ? { ...(returned as Session), sessions: sessions.map(withoutToken) } : null;
  },
};

export const hideSessionTokens: BetterAuthPlugin = {
  id: "edgegate-hide-session-tokens",
  hooks: {
    after: [
      {
        matcher: (ctx) => ctx.path !== undefined && ctx.path in LISTINGS && ctx.request !== undefined,
        handler: createAuthMiddleware(async (ctx) => {
          const hidden = LISTINGS[ctx.path!]!(ctx.context.returned);
          if (hidden) return ctx.json(hidden);
        }),
      },
    ],
  },
};

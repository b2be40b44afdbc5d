/**
 * Names are held to the rules the forms use (lib/shared/auth/validation.ts)
 * on the server too, however Better Auth is called. Without a limit, a
 * 12,000-character name makes the signed session cache too big for any
 * request to carry (every later request from that browser answers 431), and a
 * line break lets whoever sets the name write lines of the greeting in the
 * owner's security mail.
 *
 * - A name a person typed (sign-up, update-user, a magic-link sign-up) that
 *   breaks them is refused: 400 with NAME_TOO_LONG or NAME_INVALID_CHARACTERS.
 * - A name from anywhere else (an OAuth or OpenID provider's profile, and as
 *   a backstop every write of a user) is cleaned instead (cleanName), so a
 *   provider's odd display name never stops its sign-in.
 */
import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { cleanName, NAME_ERRORS, nameRuleBroken } from "@/lib/shared/auth/validation";

/** The endpoints that take a name from the person (a test asserts each exists in auth.api). */
export const TYPED_NAME_PATHS = ["/sign-up/email", "/update-user", "/sign-in/magic-link"];

const cleaned = <T extends { name?: unknown }>(user: T): T =>
  typeof user.name === "string" ? { ...user, name: cleanName(user.name) } : user;

export const userNames: BetterAuthPlugin = {
  id: "edgegate-user-names",
  init: () => ({
    options: {
      databaseHooks: {
        user: {
          create: { before: async (user) => ({ data: cleaned(user) }) },
          update: { before: async (user) => ({ data: cleaned(user) }) },
        },
      },
    },
  }),
  hooks: {
    before: [
      {
        matcher: (ctx) => ctx.path !== undefined && TYPED_NAME_PATHS.includes(ctx.path),
        handler: createAuthMiddleware(async (ctx) => {
          const name = (ctx.body as { name?: unknown } | undefined)?.name;
          const broken = typeof name === "string" ? nameRuleBroken(name) : undefined;
          if (broken) throw APIError.from("BAD_REQUEST", { code: broken, message: NAME_ERRORS[broken] });
        }),
      },
    ],
  },
};

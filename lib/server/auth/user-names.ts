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
 * - The picture rides in the same session cache, so it has a limit too: a
 *   URL of at most IMAGE_MAX_LENGTH characters, or none. Update-user takes
 *   any JSON for both fields, and an array or object reached the database as
 *   its text whole: anything but a string (or no picture) is refused. A
 *   provider's picture that breaks the rule is dropped, never its sign-in.
 */
import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { cleanName, NAME_ERRORS, nameRuleBroken } from "@/lib/shared/auth/validation";

/** The endpoints that take a name from the person (a test asserts each exists in auth.api). */
export const TYPED_NAME_PATHS = ["/sign-up/email", "/update-user", "/sign-in/magic-link"];

/** Longer than any avatar URL a provider gives; far below what would swell the session cache. */
export const IMAGE_MAX_LENGTH = 2048;

const PROFILE_ERRORS = {
  NAME_NOT_TEXT: { code: "NAME_INVALID", message: "The name must be text." },
  IMAGE_INVALID: {
    code: "IMAGE_INVALID",
    message: `The picture must be a URL of at most ${IMAGE_MAX_LENGTH} characters, without control characters.`,
  },
};

const imageAllowed = (image: unknown) =>
  image === undefined ||
  image === null ||
  (typeof image === "string" && image.length <= IMAGE_MAX_LENGTH && !/\p{Cc}/u.test(image));

const cleaned = <T extends { name?: unknown; image?: unknown }>(user: T): T => ({
  ...user,
  ...(typeof user.name === "string" && { name: cleanName(user.name) }),
  ...(!imageAllowed(user.image) && { image: null }),
});

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
          const { name, image } = (ctx.body ?? {}) as { name?: unknown; image?: unknown };
          if (name !== undefined && typeof name !== "string") {
            throw APIError.from("BAD_REQUEST", PROFILE_ERRORS.NAME_NOT_TEXT);
          }
          const broken = name === undefined ? undefined : nameRuleBroken(name);
          if (broken) throw APIError.from("BAD_REQUEST", { code: broken, message: NAME_ERRORS[broken] });
          if (!imageAllowed(image)) throw APIError.from("BAD_REQUEST", PROFILE_ERRORS.IMAGE_INVALID);
        }),
      },
    ],
  },
};

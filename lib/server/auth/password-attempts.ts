/**
 * Wrong passwords are limited per account as well as per client address, so
 * credential stuffing spread over many addresses meets a limit too: at most
 * MAX_FAILURES password checks per address in WINDOW, whoever sends them.
 *
 * - Atomic across instances: an attempt takes a slot in the shared counter
 *   (./rate-limit.ts) before the password is checked, and gets it back when
 *   the password was right; so of any burst, at most MAX_FAILURES reach the
 *   check, and right passwords never use the limit up.
 * - No enumeration: the key is the address as typed (normalised), whether an
 *   account has it or not, and the answer is the same for both. It is stored
 *   as an HMAC with the app secret, so the table holds no list of addresses
 *   people tried, and a dictionary of addresses cannot reverse it.
 * - No long lock-out: the limit holds password sign-in only, for the rest of
 *   the window (15 minutes at most); a password reset lifts it, and passkeys,
 *   sign-in links and providers keep working throughout.
 */
import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware } from "better-auth/api";
import type { Database } from "@/lib/server/db/types";
import { toBase64Url } from "@/lib/shared/base64url";
import { hmacKey, hmacOf } from "@/lib/shared/hmac";
import { consume, refund, reset } from "./rate-limit";

export const MAX_FAILURES = 10;
export const WINDOW_SECONDS = 15 * 60;
const SIGN_IN_PATH = "/sign-in/email";

export const ACCOUNT_PASSWORD_LOCKED = "ACCOUNT_PASSWORD_LOCKED";

const KEY_PREFIX = "password-failures|";

/** The counter's key for an address; `null` when there is no address to count. */
export function passwordFailuresKey(secret: string, email: unknown): string | null {
  if (typeof email !== "string" || !email.trim()) return null;
  // The prefix inside the MAC too: no other use of the secret signs the same message.
  return KEY_PREFIX + toBase64Url(hmacOf(hmacKey(secret), KEY_PREFIX + email.trim().toLowerCase()));
}

/** Lifts the limit for an address, e.g. once its password has been reset. */
export async function clearPasswordFailures(db: Database, secret: string, email: string): Promise<void> {
  const key = passwordFailuresKey(secret, email);
  if (key) await reset(db, key);
}

/** `onLocked` hears of each attempt refused by this limit (the security log records them). */
export function passwordAttemptsPerAccount(
  db: Database,
  secret: string,
  onLocked: (email: string, headers: Headers | null) => void,
): BetterAuthPlugin {
  return {
    id: "edgegate-password-attempts",
    hooks: {
      before: [
        {
          matcher: (ctx) => ctx.path === SIGN_IN_PATH,
          handler: createAuthMiddleware(async (ctx) => {
            const email = (ctx.body as { email?: unknown } | undefined)?.email;
            const key = passwordFailuresKey(secret, email);
            if (!key) return; // Better Auth refuses the request itself
            const { allowed, retryAfter } = await consume(db, key, { window: WINDOW_SECONDS, max: MAX_FAILURES });
            if (allowed) return;
            onLocked(String(email), ctx.headers ?? null);
            const minutes = Math.ceil((retryAfter ?? WINDOW_SECONDS) / 60);
            throw new APIError(
              "TOO_MANY_REQUESTS",
              {
                code: ACCOUNT_PASSWORD_LOCKED,
                message: `Too many wrong passwords for this email. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}, reset your password, or sign in another way`,
              },
              { "Retry-After": String(retryAfter ?? WINDOW_SECONDS) },
            );
          }),
        },
      ],
      after: [
        {
          matcher: (ctx) => ctx.path === SIGN_IN_PATH,
          handler: createAuthMiddleware(async (ctx) => {
            const returned = ctx.context.returned;
            // Only a wrong password keeps its slot; anything else (signed in, two-factor next,
            // unconfirmed address, invalid input) gives it back.
            const wrongPassword =
              returned instanceof APIError &&
              (returned.body as { code?: string } | undefined)?.code === "INVALID_EMAIL_OR_PASSWORD";
            if (wrongPassword) return;
            const key = passwordFailuresKey(secret, (ctx.body as { email?: unknown } | undefined)?.email);
            if (key && !(returned instanceof APIError && returned.statusCode === 429)) await refund(db, key);
          }),
        },
      ],
    },
  };
}

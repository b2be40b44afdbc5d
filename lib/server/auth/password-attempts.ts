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
 * - The owner is not locked out by strangers (OWASP's "device cookies"): a
 *   browser whose password was accepted for the address gets a cookie naming
 *   a random device nonce, MACed with the app secret together with the
 *   address. Its attempts for that address are counted per device, apart from
 *   everyone else's; its wrong passwords are limited all the same. A cookie
 *   for another address, or forged, counts as a stranger.
 * - No long lock-out for strangers either: the limit ends with its window
 *   (15 minutes at most); a password reset lifts it, and passkeys, sign-in
 *   links and providers keep working throughout.
 */
import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware } from "better-auth/api";
import type { Database } from "@/lib/server/db/types";
import { fromBase64Url, toBase64Url } from "@/lib/shared/base64url";
import { hmacKey, hmacMatches, hmacOf } from "@/lib/shared/hmac";
import { consume, refund, reset, secretKey } from "./rate-limit";

export const MAX_FAILURES = 10;
export const WINDOW_SECONDS = 15 * 60;
const SIGN_IN_PATH = "/sign-in/email";

export const ACCOUNT_PASSWORD_LOCKED = "ACCOUNT_PASSWORD_LOCKED";

const KEY_PREFIX = "password-failures|";
const DEVICE_KEY_PREFIX = "password-device|";
const DEVICE_MAC_PREFIX = "device|";
/** The device cookie's name (Better Auth's prefix is added). */
export const DEVICE_COOKIE = "device";
const DEVICE_COOKIE_MAX_AGE = 365 * 24 * 60 * 60;
/** Accounts one browser is known for (a shared computer); the oldest goes first. */
const DEVICE_ENTRIES = 5;

const normalised = (email: string) => email.trim().toLowerCase();
const usableEmail = (email: unknown): email is string => typeof email === "string" && email.trim() !== "";

/** The counter's key for an address; `null` when there is no address to count. */
function passwordFailuresKey(secret: string, email: unknown): string | null {
  return usableEmail(email) ? secretKey(secret, KEY_PREFIX, normalised(email)) : null;
}

/** What a device cookie entry's MAC signs: the address and the device's nonce. */
const deviceMessage = (email: string, nonce: string) => `${DEVICE_MAC_PREFIX}${normalised(email)}|${nonce}`;

/** The cookie's entries (`nonce.mac`, `~`-separated), as written; malformed ones dropped. */
function deviceEntries(cookie: string | null | undefined): { nonce: string; mac: string }[] {
  return (cookie ?? "")
    .split("~")
    .slice(0, DEVICE_ENTRIES)
    .map((entry) => entry.split("."))
    .filter((parts): parts is [string, string] => parts.length === 2 && parts.every((p) => /^[\w-]{16,64}$/.test(p)))
    .map(([nonce, mac]) => ({ nonce, mac }));
}

/** The device nonce the cookie holds for `email`, when one of its entries was signed for that address. */
function knownDevice(secret: string, email: string, cookie: string | null | undefined): string | null {
  const key = hmacKey(secret);
  const entry = deviceEntries(cookie).find(({ nonce, mac }) => {
    const signature = fromBase64Url(mac);
    return signature !== null && hmacMatches(key, signature, deviceMessage(email, nonce));
  });
  return entry?.nonce ?? null;
}

/** The cookie after a password was accepted for `email`: a fresh entry for it first, the others kept. */
function deviceCookieFor(secret: string, email: string, cookie: string | null | undefined): string {
  const previous = knownDevice(secret, email, cookie);
  const nonce = toBase64Url(crypto.getRandomValues(new Uint8Array(16)));
  const fresh = { nonce, mac: toBase64Url(hmacOf(hmacKey(secret), deviceMessage(email, nonce))) };
  const others = deviceEntries(cookie).filter((entry) => entry.nonce !== previous);
  return [fresh, ...others]
    .slice(0, DEVICE_ENTRIES)
    .map((entry) => `${entry.nonce}.${entry.mac}`)
    .join("~");
}

/**
 * The counter a password attempt for `email` takes its slot from: its device's own, when the
 * device cookie was signed for this address, else the one all strangers share.
 */
function attemptKey(secret: string, email: unknown, deviceCookie: string | null | undefined): string | null {
  if (!usableEmail(email)) return null;
  const device = knownDevice(secret, email, deviceCookie);
  if (!device) return passwordFailuresKey(secret, email);
  return secretKey(secret, DEVICE_KEY_PREFIX, device);
}

/** A password attempt's slot: refused past the limit, given back when the password was right. */
export interface PasswordAttempt {
  allowed: boolean;
  /** Seconds until the limit ends, when refused. */
  retryAfter: number | null;
  /** Gives the slot back (the password was right, or it was never checked). */
  release(): Promise<void>;
}

/**
 * Takes a slot for checking a password of `email` (with the request's device cookie, if any);
 * `null` when there is no address to count. For any endpoint that checks a password.
 */
export async function claimPasswordAttempt(
  db: Database,
  secret: string,
  email: unknown,
  deviceCookie: string | null | undefined,
): Promise<PasswordAttempt | null> {
  const key = attemptKey(secret, email, deviceCookie);
  if (!key) return null;
  const { allowed, retryAfter } = await consume(db, key, { window: WINDOW_SECONDS, max: MAX_FAILURES });
  return { allowed, retryAfter, release: () => refund(db, key) };
}

/** Lifts the strangers' limit for an address, e.g. once its password has been reset. */
export async function clearPasswordFailures(db: Database, secret: string, email: string): Promise<void> {
  const key = passwordFailuresKey(secret, email);
  if (key) await reset(db, key);
}

/** The answer past the limit: the same for right and wrong passwords, known and unknown addresses. */
export function passwordLockedError(retryAfter: number | null): APIError {
  const seconds = retryAfter ?? WINDOW_SECONDS;
  const minutes = Math.ceil(seconds / 60);
  return new APIError(
    "TOO_MANY_REQUESTS",
    {
      code: ACCOUNT_PASSWORD_LOCKED,
      message: `Too many wrong passwords for this email. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}, reset your password, or sign in another way`,
    },
    { "Retry-After": String(seconds) },
  );
}

/**
 * `onLocked` hears of each attempt refused by this limit (the security log records them);
 * `afterAnswer` runs the refund of a right password's slot after the response, which need not wait for it.
 */
export function passwordAttemptsPerAccount(
  db: Database,
  secret: string,
  onLocked: (email: string, headers: Headers | null) => void,
  afterAnswer: (what: string, task: () => Promise<void>) => void,
): BetterAuthPlugin {
  return {
    id: "edgegate-password-attempts",
    hooks: {
      before: [
        {
          matcher: (ctx) => ctx.path === SIGN_IN_PATH,
          handler: createAuthMiddleware(async (ctx) => {
            const email = (ctx.body as { email?: unknown } | undefined)?.email;
            const device = ctx.getCookie(ctx.context.createAuthCookie(DEVICE_COOKIE).name);
            const attempt = await claimPasswordAttempt(db, secret, email, device);
            if (!attempt || attempt.allowed) return; // no address: Better Auth refuses the request itself
            onLocked(String(email), ctx.headers ?? null);
            throw passwordLockedError(attempt.retryAfter);
          }),
        },
      ],
      after: [
        {
          matcher: (ctx) => ctx.path === SIGN_IN_PATH,
          handler: createAuthMiddleware(async (ctx) => {
            const returned = ctx.context.returned;
            // Only a wrong password keeps its slot; anything else (signed in, two-factor next,
            // unconfirmed address, invalid input) gives it back. (A refusal by this limit never
            // gets here: the before hook's error ends the request.)
            const code = returned instanceof APIError ? (returned.body as { code?: string } | undefined)?.code : null;
            if (code === "INVALID_EMAIL_OR_PASSWORD") return;
            const email = (ctx.body as { email?: unknown } | undefined)?.email;
            // Path "/": server actions that check a password (re-authentication) see it too.
            const cookie = ctx.context.createAuthCookie(DEVICE_COOKIE, { maxAge: DEVICE_COOKIE_MAX_AGE });
            const device = ctx.getCookie(cookie.name);
            const key = attemptKey(secret, email, device);
            if (key) afterAnswer("password attempt refund", () => refund(db, key));
            // The password was accepted (signed in, or a second factor next): this browser is the owner's.
            if (usableEmail(email) && !(returned instanceof Error))
              ctx.setCookie(cookie.name, deviceCookieFor(secret, email, device), cookie.attributes);
          }),
        },
      ],
    },
  };
}

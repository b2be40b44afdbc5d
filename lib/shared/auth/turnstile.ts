/**
 * Cloudflare Turnstile on the doors bots use: which endpoints need a token,
 * and how it travels (shared by the server's check and the forms).
 */

/** The refusals, in the words the forms show too (a failed widget gets the first without asking the server). */
export const TURNSTILE_ERRORS = {
  CAPTCHA_REQUIRED:
    "We could not confirm you are a person. Wait for the check below the form to finish, then try again.",
  CAPTCHA_UNAVAILABLE: "We cannot check for bots right now. Try again in a minute, or sign in with a passkey.",
} as const;

/** The header Better Auth's captcha plugin reads the widget's token from. */
export const CAPTCHA_HEADER = "x-captcha-response";

/**
 * Endpoints that create accounts or send mail: when Turnstile cannot give a
 * verdict they answer 503 (a script must not get through an outage to spray
 * sign-ups or mail; a person waits a minute, or uses a passkey).
 */
export const TURNSTILE_FAIL_CLOSED = [
  "/sign-up/email",
  "/sign-in/magic-link",
  "/request-password-reset",
  "/send-verification-email",
] as const;

/**
 * Password sign-in: when Turnstile cannot give a verdict it goes ahead (and
 * says so in the log), still behind the per-address and per-account limits
 * and two-factor: failing closed would lock every password user out for the
 * whole outage.
 */
export const TURNSTILE_FAIL_OPEN = ["/sign-in/email"] as const;

export const TURNSTILE_ENDPOINTS: readonly string[] = [...TURNSTILE_FAIL_CLOSED, ...TURNSTILE_FAIL_OPEN];

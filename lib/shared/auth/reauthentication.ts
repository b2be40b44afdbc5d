/**
 * Re-authentication, as the browser and the server both name it: the error an
 * action answers when its session has made no proof of identity recently
 * enough (lib/server/auth/reauthentication.ts), and the endpoints (under
 * /api/auth) that take a proof.
 */
export const REAUTH_REQUIRED = "REAUTH_REQUIRED";

export const REAUTH_ENDPOINTS = {
  password: "/reauthenticate/password",
  passkeyOptions: "/reauthenticate/passkey/options",
  passkeyVerify: "/reauthenticate/passkey/verify",
  sendCode: "/reauthenticate/code/send",
  verifyCode: "/reauthenticate/code/verify",
} as const;

/** A mailed code: this many digits, working this long (seconds). */
export const REAUTH_CODE_DIGITS = 6;
export const REAUTH_CODE_LIFETIME = 600;

/**
 * Better Auth's error codes, turned into messages a person can act on, placed
 * on the field they concern. Shared by the browser forms and the server actions.
 */
import { NAME_ERRORS } from "@/lib/shared/auth/validation";

export interface AuthFailure {
  code?: string;
  message?: string;
  status: number;
}

export type AuthField =
  | "name"
  | "email"
  | "password"
  | "currentPassword"
  | "newPassword"
  | "confirmPassword"
  | "newEmail"
  | "code";

export interface DescribedError {
  field?: AuthField;
  message: string;
  /** The action needs a recent proof of identity first: the form shows the re-authentication prompt. */
  reauth?: boolean;
}

const LINK_PROBLEM = "This link is invalid or has already been used.";

const BY_CODE: Record<string, DescribedError> = {
  USER_ALREADY_EXISTS: { field: "email", message: "An account with this email already exists. Sign in instead." },
  USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL: {
    field: "email",
    message: "An account with this email already exists. Sign in instead.",
  },
  INVALID_EMAIL: { field: "email", message: "Enter a valid email address, like name@example.com." },
  PASSWORD_TOO_SHORT: { field: "password", message: "This password is too short." },
  PASSWORD_TOO_LONG: { field: "password", message: "This password is too long." },
  INVALID_PASSWORD: { field: "password", message: "That password is not right." },
  INVALID_EMAIL_OR_PASSWORD: { field: "password", message: "Email or password is incorrect." },
  EMAIL_NOT_VERIFIED: { message: "Confirm your email address first: we have sent you a new link." },
  BANNED_USER: { message: "This account has been suspended. Contact support if you think this is a mistake." },
  INVALID_TOKEN: { message: LINK_PROBLEM },
  TOKEN_EXPIRED: { message: "This link has expired. Links work for one hour." },
  USER_NOT_FOUND: { message: LINK_PROBLEM },
  CREDENTIAL_ACCOUNT_NOT_FOUND: { message: "This account has no password: it signs in another way." },
  SESSION_EXPIRED: { message: "For your safety, sign in again before doing this." },
  INVALID_CODE: { field: "code", message: "That code is not right. Codes change every 30 seconds." },
  TOTP_CODE_ALREADY_USED: { field: "code", message: "That code was already used. Wait for the next one." },
  INVALID_BACKUP_CODE: { field: "code", message: "That backup code is not right, or was already used." },
  INVALID_TWO_FACTOR_COOKIE: { message: "This sign-in has timed out. Start again from the sign-in page." },
  TOO_MANY_ATTEMPTS_REQUEST_NEW_CODE: { message: "Too many wrong codes. Start again from the sign-in page." },
  USER_VERIFICATION_REQUIRED: {
    message: "Your passkey must confirm it is you, with a PIN, fingerprint or face. Try again, or sign in another way.",
  },
  CANNOT_REMOVE_OWN_ADMIN_ROLE: { message: "You cannot remove your own admin role." },
  ROLE_FROM_ADMIN_EMAILS: {
    message:
      "This admin is named in ADMIN_EMAILS; remove the address there before changing, banning or signing them out.",
  },
  INVALID_USER_ID: { message: "That is not one user. Reload the page and try again." },
  NAME_TOO_LONG: { field: "name", message: NAME_ERRORS.NAME_TOO_LONG },
  NAME_INVALID_CHARACTERS: { field: "name", message: NAME_ERRORS.NAME_INVALID_CHARACTERS },
  CROSS_SITE_LINK: { message: "Open the link in our email, then press the button on the page it opens." },
  YOU_CANNOT_BAN_YOURSELF: { message: "You cannot ban yourself." },
  PROVIDER_NOT_FOUND: { message: "That way of signing in is not available right now. Try again soon, or use another." },
  REAUTH_REQUIRED: { reauth: true, message: "For your safety, confirm it is you to continue." },
  INVALID_EMAIL_CODE: { field: "code", message: "That code is not right, or it has expired." },
  TOO_MANY_CODES: { message: "We have sent several codes already. Use the latest one, or wait a few minutes." },
  TOO_MANY_WRONG_CODES: { field: "code", message: "Too many wrong codes. Wait a few minutes, then ask for a new one." },
  PASSKEY_CANCELLED: { message: "The passkey request was closed. Try again, or confirm another way." },
  NO_PASSKEY: { message: "This account has no passkey." },
  CHALLENGE_NOT_FOUND: { message: "The passkey request timed out. Try again." },
  PASSKEY_NOT_ACCEPTED: { message: "That passkey could not confirm it is you. Use one you added to this account." },
  ACCOUNT_TEMPORARILY_LOCKED: {
    message: "Too many wrong codes: two-factor sign-in is locked for a while. Try again later.",
  },
};

export function describeAuthError(failure: AuthFailure): DescribedError {
  if (failure.code && BY_CODE[failure.code]) return BY_CODE[failure.code]!;
  if (failure.status === 429) return { message: "Too many attempts. Wait a minute, then try again." };
  if (failure.status === 0 || failure.status >= 500) {
    return { message: "We could not reach the server. Your details are still here; try again in a moment." };
  }
  return { message: failure.message || "That did not work. Check your details and try again." };
}

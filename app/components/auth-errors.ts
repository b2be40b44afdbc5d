/**
 * Better Auth's error codes, turned into messages a person can act on, placed
 * on the field they concern. Shared by the browser forms and the server actions.
 */
import { TURNSTILE_ERRORS } from "@/lib/shared/auth/turnstile";
import { NAME_ERRORS, PASSWORD_ERRORS } from "@/lib/shared/auth/validation";

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
  | "code"
  | "slug"
  | "confirmSlug";

export interface DescribedError {
  /** Better Auth's or our code, for a form that places a message by more than its field. */
  code?: string;
  field?: AuthField;
  message: string;
  /** The action needs a recent proof of identity first: the form shows the re-authentication prompt. */
  reauth?: boolean;
}

const LINK_PROBLEM = "This link is invalid or has already been used.";
/** A missing, spent or refused Turnstile token (lib/server/auth/turnstile.ts), or a widget that failed. */
const NOT_CONFIRMED_A_PERSON: DescribedError = { message: TURNSTILE_ERRORS.CAPTCHA_REQUIRED };
/** The same words for "no such organization" and "not a member": which one it was is nobody's business. */
const NOT_AN_ORGANIZATION = "This organization does not exist, or you are not a member of it.";

const BY_CODE: Record<string, DescribedError> = {
  USER_ALREADY_EXISTS: { field: "email", message: "An account with this email already exists. Sign in instead." },
  USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL: {
    field: "email",
    message: "An account with this email already exists. Sign in instead.",
  },
  INVALID_EMAIL: { field: "email", message: "Enter a valid email address, like name@example.com." },
  PASSWORD_TOO_SHORT: { field: "password", message: PASSWORD_ERRORS.PASSWORD_TOO_SHORT },
  PASSWORD_TOO_LONG: { field: "password", message: PASSWORD_ERRORS.PASSWORD_TOO_LONG },
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
  ORGANIZATION_ALREADY_EXISTS: { field: "slug", message: "This address is taken: choose another." },
  ORGANIZATION_SLUG_ALREADY_TAKEN: { field: "slug", message: "This address is taken: choose another." },
  ORGANIZATION_NOT_FOUND: { message: NOT_AN_ORGANIZATION },
  USER_IS_NOT_A_MEMBER_OF_THE_ORGANIZATION: { message: NOT_AN_ORGANIZATION },
  YOU_ARE_NOT_A_MEMBER_OF_THIS_ORGANIZATION: { message: NOT_AN_ORGANIZATION },
  CONFIRMATION_MISMATCH: { field: "confirmSlug", message: "Type the organization's address exactly as shown." },
  USER_IS_ALREADY_A_MEMBER_OF_THIS_ORGANIZATION: { field: "email", message: "This person is already a member." },
  YOU_ARE_NOT_ALLOWED_TO_INVITE_USER_WITH_THIS_ROLE: { message: "Your role cannot give this role." },
  YOU_CANNOT_LEAVE_THE_ORGANIZATION_AS_THE_ONLY_OWNER: {
    message: "An organization keeps at least one owner: make someone else an owner first.",
  },
  YOU_CANNOT_LEAVE_THE_ORGANIZATION_WITHOUT_AN_OWNER: {
    message: "An organization keeps at least one owner: make someone else an owner first.",
  },
  INVITATION_NOT_FOUND: { message: "This invitation is no longer valid: it was used, withdrawn, or it has expired." },
  YOU_ARE_NOT_THE_RECIPIENT_OF_THE_INVITATION: { message: "This invitation is for a different account." },
  EMAIL_VERIFICATION_REQUIRED_BEFORE_ACCEPTING_OR_REJECTING_INVITATION: {
    message: "Confirm your email address first, then open the invitation again.",
  },
  EMAIL_VERIFICATION_REQUIRED_FOR_INVITATION: {
    message: "Confirm your email address first, then open the invitation again.",
  },
  NAME_REQUIRED: { field: "name", message: "Name the key after what will use it, so you can tell keys apart." },
  INVALID_NAME_LENGTH: { field: "name", message: "This name is too long: shorten it." },
  EXPIRES_IN_IS_TOO_LARGE: { message: "Choose one of the expiry periods offered." },
  EXPIRES_IN_IS_TOO_SMALL: { message: "Choose one of the expiry periods offered." },
  KEY_NOT_FOUND: { message: "This key no longer exists: it was revoked, or it expired." },
  CAPTCHA_REQUIRED: NOT_CONFIRMED_A_PERSON,
  // The captcha plugin's own code for a refused token.
  VERIFICATION_FAILED: NOT_CONFIRMED_A_PERSON,
  CAPTCHA_UNAVAILABLE: { message: TURNSTILE_ERRORS.CAPTCHA_UNAVAILABLE },
};

/** Codes about a new password the person chose (too short, too long, breached). */
const NEW_PASSWORD_CODES: readonly string[] = ["PASSWORD_TOO_SHORT", "PASSWORD_TOO_LONG", "PASSWORD_COMPROMISED"];

/**
 * The error placed on a form whose new-password field is not named
 * "password" (a change form's "password" error means the current one was
 * wrong): refusals of the new password go on `field`, others stay put.
 */
export function onNewPasswordField(described: DescribedError, field: AuthField): DescribedError {
  return described.code && NEW_PASSWORD_CODES.includes(described.code) ? { ...described, field } : described;
}

/**
 * Codes whose server message is already written for people (our own hooks'):
 * shown as sent, on their field when they concern one.
 */
const AS_SENT: Record<string, AuthField | null> = {
  // lib/server/auth/new-passwords.ts: why (known breaches) and what to do instead.
  PASSWORD_COMPROMISED: "password",
  INVALID_ORGANIZATION_SLUG: "slug",
  // lib/server/auth/api-keys.ts
  API_KEY_NAME_INVALID: "name",
  API_KEY_LIMIT_REACHED: null,
  API_KEY_KIND_UNKNOWN: null,
};

export function describeAuthError(failure: AuthFailure): DescribedError {
  const { code } = failure;
  if (code && BY_CODE[code]) return { code, ...BY_CODE[code] };
  if (code && Object.hasOwn(AS_SENT, code) && failure.message) {
    const field = AS_SENT[code];
    return field ? { code, field, message: failure.message } : { code, message: failure.message };
  }
  if (failure.status === 429) return { message: "Too many attempts. Wait a minute, then try again." };
  if (failure.status === 0 || failure.status >= 500) {
    return { message: "We could not reach the server. Your details are still here; try again in a moment." };
  }
  return { message: failure.message || "That did not work. Check your details and try again." };
}

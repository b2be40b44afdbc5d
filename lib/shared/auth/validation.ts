/**
 * Field rules shared by the forms (client) and Better Auth (server), so the
 * browser rejects exactly what the server would.
 */
import { regexes } from "zod/v4/core";
/**
 * Password length per NIST SP 800-63B-4 §3.1.1.2: a password that alone signs
 * a person in (as one does here) SHALL have at least 15 characters (8 is the
 * floor only where it is one factor of several); at least 64 SHOULD be
 * allowed. Characters are Unicode code points, as typed: an emoji or an
 * accented letter is one. No composition rules; breached passwords are refused
 * instead (lib/server/auth/new-passwords.ts).
 */
export const PASSWORD_MIN_LENGTH = 15;
export const PASSWORD_MAX_LENGTH = 128;
/** The rule as the forms state it before anyone types. */
export const PASSWORD_RULE = `${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters. Spaces, accents and emoji all count; no other rules. Passwords found in known data breaches are refused.`;
export const PASSWORD_ERRORS = {
  PASSWORD_TOO_SHORT: `Use at least ${PASSWORD_MIN_LENGTH} characters: a few unrelated words are easy to remember and hard to guess.`,
  PASSWORD_TOO_LONG: `Use at most ${PASSWORD_MAX_LENGTH} characters.`,
} as const;

/** A password's length as a person counts it: Unicode code points (an emoji is 1, not 2 UTF-16 units). */
export function passwordLength(password: string): number {
  let length = 0;
  for (const _ of password) length++;
  return length;
}

/** Why the server refuses a new password's length, or undefined. */
export function passwordLengthBroken(password: string): keyof typeof PASSWORD_ERRORS | undefined {
  const length = passwordLength(password);
  if (length < PASSWORD_MIN_LENGTH) return "PASSWORD_TOO_SHORT";
  if (length > PASSWORD_MAX_LENGTH) return "PASSWORD_TOO_LONG";
  return undefined;
}
export const NAME_MAX_LENGTH = 100;
/** The reason an admin gives for a ban, kept on the user. */
export const BAN_REASON_MAX_LENGTH = 200;

export type FieldErrors<F extends string> = Partial<Record<F, string>>;

/** An address Better Auth accepts: its endpoints validate with zod's z.email(), whose pattern this is. */
export function isEmailAddress(value: string): boolean {
  return regexes.email.test(value);
}

export function validateEmail(email: string): string | undefined {
  if (!email.trim()) return "Enter your email address.";
  if (!isEmailAddress(email.trim())) return "Enter a valid email address, like name@example.com.";
  return undefined;
}

/**
 * What a name may not contain: control characters (line breaks, tabs, NUL…),
 * line and paragraph separators, and the bidirectional overrides that reorder
 * text on screen. A name is shown in pages and written into mail greetings.
 */
const NAME_FORBIDDEN = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;
const NAME_FORBIDDEN_RUNS = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]+/gu;

export const NAME_ERRORS = {
  NAME_TOO_LONG: `Use at most ${NAME_MAX_LENGTH} characters for your name.`,
  NAME_INVALID_CHARACTERS: "Your name cannot contain line breaks or other control characters.",
};

/** Why the server refuses a name a person typed (the length as sent, spaces included), or undefined. */
export function nameRuleBroken(name: string): keyof typeof NAME_ERRORS | undefined {
  if (name.length > NAME_MAX_LENGTH) return "NAME_TOO_LONG";
  if (NAME_FORBIDDEN.test(name)) return "NAME_INVALID_CHARACTERS";
  return undefined;
}

/**
 * A name from elsewhere (an OAuth or OpenID provider's profile) made to fit
 * the rules instead of refused, so that signing in with a provider never
 * fails over its display name: forbidden characters become one space, and the
 * name is cut to the limit (never inside a surrogate pair).
 */
export function cleanName(name: string): string {
  let cleaned = name.replace(NAME_FORBIDDEN_RUNS, " ").replace(/ {2,}/g, " ").trim();
  if (cleaned.length > NAME_MAX_LENGTH) {
    cleaned = cleaned.slice(0, NAME_MAX_LENGTH);
    if (/[\ud800-\udbff]$/.test(cleaned)) cleaned = cleaned.slice(0, -1);
    cleaned = cleaned.trimEnd();
  }
  return cleaned;
}

export function validateName(name: string): string | undefined {
  if (!name.trim()) return "Enter your name.";
  const broken = nameRuleBroken(name.trim()); // the forms send it trimmed
  return broken && NAME_ERRORS[broken];
}

/**
 * Organization names follow the rules of people's names (length, no control
 * characters): they go into mail too. The forms and the server's hooks both
 * check them (lib/server/auth/organizations.ts).
 */
export function validateOrganizationName(name: string): string | undefined {
  if (!name.trim()) return "Enter the organization's name.";
  const broken = nameRuleBroken(name.trim());
  if (broken === "NAME_TOO_LONG") return `Use at most ${NAME_MAX_LENGTH} characters.`;
  return broken && "The name cannot contain line breaks or other control characters.";
}

export function validateNewPassword(password: string): string | undefined {
  if (!password) return "Choose a password.";
  const broken = passwordLengthBroken(password);
  return broken && PASSWORD_ERRORS[broken];
}

export function validatePresentPassword(password: string): string | undefined {
  return password ? undefined : "Enter your password.";
}

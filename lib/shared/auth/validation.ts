/**
 * Field rules shared by the forms (client) and Better Auth (server), so the
 * browser rejects exactly what the server would.
 */
import { regexes } from "zod/v4/core";
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;
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

export function validateName(name: string): string | undefined {
  if (!name.trim()) return "Enter your name.";
  if (name.trim().length > NAME_MAX_LENGTH) return `Use at most ${NAME_MAX_LENGTH} characters.`;
  return undefined;
}

export function validateNewPassword(password: string): string | undefined {
  if (!password) return "Choose a password.";
  if (password.length < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
  if (password.length > PASSWORD_MAX_LENGTH) return `Use at most ${PASSWORD_MAX_LENGTH} characters.`;
  return undefined;
}

export function validatePresentPassword(password: string): string | undefined {
  return password ? undefined : "Enter your password.";
}

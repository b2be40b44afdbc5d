/** What the security log records, and how each kind of event reads to people. */

export const SECURITY_EVENT_TYPES = {
  "sign-up": "Account created",
  "sign-in": "Sign-in",
  "sign-out": "Signed out",
  "session-revoked": "Session revoked",
  "password-changed": "Password changed",
  "password-reset": "Password reset",
  "email-change-requested": "Email change requested",
  "email-changed": "Email changed",
  "email-verified": "Email confirmed",
  "two-factor-enabled": "Two-factor turned on",
  "two-factor-disabled": "Two-factor turned off",
  "passkey-added": "Passkey added",
  "passkey-removed": "Passkey removed",
  "role-changed": "Role changed",
  "user-banned": "Banned",
  "user-unbanned": "Unbanned",
  "account-deleted": "Account deleted",
  "organization-created": "Organization created",
  "organization-updated": "Organization updated",
  "organization-deleted": "Organization deleted",
  "organization-invited": "Invited to the organization",
  "organization-invitation-canceled": "Invitation canceled",
  "organization-invitation-declined": "Invitation declined",
  "organization-joined": "Joined the organization",
  "organization-member-removed": "Removed from the organization",
  "organization-member-left": "Left the organization",
  "organization-role-changed": "Organization role changed",
  "api-key-created": "API key created",
  "api-key-revoked": "API key revoked",
  /** A new password accepted unchecked: the breach list could not be asked in time (lib/server/auth/new-passwords.ts). */
  "password-check-skipped": "Password breach check skipped",
  /** A password sign-in let through without Turnstile's verdict (lib/server/auth/turnstile.ts). */
  "bot-check-skipped": "Bot check skipped",
} as const;

export type SecurityEventType = keyof typeof SECURITY_EVENT_TYPES;

/** Own keys only: `in` would also accept what every object inherits ("toString", "constructor"). */
export const isSecurityEventType = (value: string): value is SecurityEventType =>
  Object.hasOwn(SECURITY_EVENT_TYPES, value);

/** An event as the code that sees it knows it; the recorder adds time, address and device. */
export interface SecurityEventInput {
  type: SecurityEventType;
  success: boolean;
  userId?: string | null;
  email?: string | null;
  method?: string | null;
  /** Who acted, when not the account itself. */
  actorId?: string | null;
  /** The organization an organization event happened in. */
  organizationId?: string | null;
  detail?: string | null;
  /** A second factor's failure: the half-finished sign-in (verification identifier) whose account it was. */
  pendingSignIn?: string | null;
  /** The request's headers: client address, country, user agent. */
  headers?: Headers | null;
}

/**
 * The route table: what each path needs. Deny by default: a path that no
 * rule names needs a verified session.
 *
 * Patterns are lower-case; `/x` matches exactly `/x`, `/x/**` matches `/x` and
 * everything below it, and `*` matches one path segment: in an `org` rule it is
 * the organization's slug. The most specific pattern (the most literal
 * characters) wins.
 */
import type { OrganizationPermission } from "@/lib/shared/auth/organization-access";

/**
 * How a caller may prove who it is: the browser's session cookie, or (API
 * routes) an access token or an API key (docs/api.md). A request carrying a
 * token or key is judged by it alone; a key's scope must cover the method.
 */
export type Credential = "cookie" | "token" | "key";

export type Access =
  /** Anyone; the gate does not read the session at all. */
  | { level: "public" }
  /** Sign-in and sign-up: a signed-in visitor is sent on to the callback. */
  | { level: "guest" }
  /** A verified session (the signed cookie cache suffices), or a credential listed. */
  | { level: "session"; credentials?: readonly Credential[] }
  /** A session confirmed by the auth handler on every request (revocation is immediate). */
  | { level: "fresh" }
  /** A verified session whose user has this role. */
  | { level: "role"; role: string; credentials?: readonly Credential[] }
  /**
   * A member of the organization whose slug is the pattern's `*`, holding
   * `permission` if one is named. Not a member, or no such organization: 404
   * (the same either way). Decided from the signed cache when it names that
   * organization; `fresh` asks the database every time.
   */
  | { level: "org"; permission?: OrganizationPermission; fresh?: boolean; credentials?: readonly Credential[] };

export interface RouteRule {
  pattern: string;
  access: Access;
}

export const DEFAULT_ACCESS: Access = { level: "session" };

export const ROUTES: readonly RouteRule[] = [
  { pattern: "/", access: { level: "public" } },
  { pattern: "/help", access: { level: "public" } },
  // Password and email-link pages: they work signed in or out; the linked ones act only on a button press.
  { pattern: "/forgot-password", access: { level: "public" } },
  { pattern: "/reset-password", access: { level: "public" } },
  { pattern: "/verify-email", access: { level: "public" } },
  { pattern: "/account-deleted", access: { level: "public" } },
  // The development outbox; the page exists only in development builds (next.config.ts).
  { pattern: "/dev/**", access: { level: "public" } },
  { pattern: "/magic-link", access: { level: "public" } },
  { pattern: "/api/sign-in-methods", access: { level: "public" } },
  // The scheduled clean-up: called by a scheduler, not a person; it checks CRON_SECRET itself.
  { pattern: "/api/cron/**", access: { level: "public" } },
  { pattern: "/sign-in", access: { level: "guest" } },
  // The second step of a password sign-in with two-factor on: no session exists yet.
  { pattern: "/two-factor", access: { level: "guest" } },
  { pattern: "/sign-up", access: { level: "guest" } },
  { pattern: "/dashboard/**", access: { level: "session" } },
  { pattern: "/account/**", access: { level: "session" } },
  { pattern: "/account/security/**", access: { level: "fresh" } },
  // Keys work without the password: as with the security page, a revoked session is refused at once.
  { pattern: "/account/api-keys/**", access: { level: "fresh" } },
  { pattern: "/admin/**", access: { level: "role", role: "admin" } },
  { pattern: "/orgs", access: { level: "session" } },
  { pattern: "/orgs/new", access: { level: "session" } },
  { pattern: "/orgs/*/**", access: { level: "org" } },
  { pattern: "/orgs/*/settings/**", access: { level: "org", permission: "organization:update" } },
  // The organization's API keys, as the account's: checked against the database on every request.
  { pattern: "/orgs/*/settings/api-keys/**", access: { level: "org", permission: "apiKey:read", fresh: true } },
  // Who belongs and who is invited: checked against the database on every request.
  { pattern: "/orgs/*/members/**", access: { level: "org", fresh: true } },
  { pattern: "/orgs/*/activity/**", access: { level: "org", permission: "activity:read", fresh: true } },
  // The mailed invitation link: signed-out visitors sign in (or up) first and come back.
  { pattern: "/invitations/**", access: { level: "session" } },
  { pattern: "/api/me", access: { level: "session" } },
  // The API's OpenAPI description: the same for everyone (more specific than the rule below, so it wins).
  { pattern: "/api/v1/openapi.json", access: { level: "public" } },
  // The app's API for apps, scripts and services: a session cookie, an access token or an API key.
  { pattern: "/api/v1/**", access: { level: "session", credentials: ["cookie", "token", "key"] } },
  { pattern: "/api/admin/**", access: { level: "role", role: "admin" } },
];

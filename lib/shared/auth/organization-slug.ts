/**
 * Organization slugs: the `<slug>` in /orgs/<slug>, so one path segment the
 * router reads in exactly one way. Lower-case letters, digits and single inner
 * hyphens, 3–40 characters; names the app uses for its own pages are reserved.
 * The plugin itself accepts any string (and compares case-sensitively), so the
 * server checks every slug it stores against this, and the gate treats any
 * other segment as no organization.
 */
export const SLUG_MIN_LENGTH = 3;
export const SLUG_MAX_LENGTH = 40;

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Path words of this app and of things people expect to be ours. */
export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  "new",
  "create",
  "settings",
  "members",
  "activity",
  "invitations",
  "admin",
  "api",
  "app",
  "auth",
  "help",
  "support",
  "security",
  "account",
  "dashboard",
  "orgs",
  "org",
  "www",
]);

export type SlugProblem = "length" | "characters" | "reserved";

/** Why `slug` cannot be an organization's slug, or null when it can. */
export function slugProblem(slug: string): SlugProblem | null {
  if (slug.length < SLUG_MIN_LENGTH || slug.length > SLUG_MAX_LENGTH) return "length";
  if (!SLUG.test(slug)) return "characters";
  if (RESERVED_SLUGS.has(slug)) return "reserved";
  return null;
}

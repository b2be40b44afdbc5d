/** What the create and rename forms share: the name's rules and the slug's explanation and suggestion. */
import { SLUG_MAX_LENGTH, SLUG_MIN_LENGTH } from "@/lib/shared/auth/organization-slug";

/** The slug rules, shown before anything is typed; the server's own refusal replaces it on the field. */
export const SLUG_HINT = `Its address: /orgs/<this>. ${SLUG_MIN_LENGTH} to ${SLUG_MAX_LENGTH} lower-case letters, digits and single hyphens; a few words (like "new" or "admin") are reserved.`;

/** A slug derived from a name ("Acme Café" → "acme-cafe"), for the person to accept or change. */
export function suggestSlug(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+/, "")
    .slice(0, SLUG_MAX_LENGTH)
    .replace(/-+$/, "");
}

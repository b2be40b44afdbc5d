/** What the create and rename forms share: the name's rules and the slug's explanation and suggestion. */
import { SLUG_MAX_LENGTH, SLUG_MIN_LENGTH } from "@/lib/shared/auth/organization-slug";
import { NAME_MAX_LENGTH, nameRuleBroken } from "@/lib/shared/auth/validation";

/** The slug rules, shown before anything is typed; the server's own refusal replaces it on the field. */
export const SLUG_HINT = `Its address: /orgs/<this>. ${SLUG_MIN_LENGTH} to ${SLUG_MAX_LENGTH} lower-case letters, digits and single hyphens; a few words (like "new" or "admin") are reserved.`;

/** Organization names follow the rules of people's names (length, no control characters): they go into mail too. */
export function validateOrganizationName(name: string): string | undefined {
  if (!name.trim()) return "Enter the organization's name.";
  const broken = nameRuleBroken(name.trim());
  if (broken === "NAME_TOO_LONG") return `Use at most ${NAME_MAX_LENGTH} characters.`;
  return broken && "The name cannot contain line breaks or other control characters.";
}

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

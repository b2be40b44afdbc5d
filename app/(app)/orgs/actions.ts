"use server";

import { redirect } from "next/navigation";
import { attempt } from "@/app/(app)/attempt";
import type { FieldErrors } from "@/lib/shared/auth/validation";
import { validateOrganizationName } from "@/lib/shared/auth/validation";

export interface OrganizationFormState {
  name: string;
  slug: string;
  errors: FieldErrors<"name" | "slug">;
  formError?: string;
}

const text = (value: FormDataEntryValue | null) => (typeof value === "string" ? value.trim() : "");

/**
 * Creates an organization with the caller as its owner, then opens it. The
 * slug's rules are checked by the server (lib/server/auth/organizations.ts),
 * whose refusal lands on the field; Better Auth confirms the session itself.
 */
export async function createOrganizationAction(
  _previous: OrganizationFormState,
  formData: FormData,
): Promise<OrganizationFormState> {
  const name = text(formData.get("name"));
  const slug = text(formData.get("slug"));
  const errors = { name: validateOrganizationName(name), slug: slug ? undefined : "Choose an address." };
  if (errors.name || errors.slug) return { name, slug, errors };
  const failed = await attempt("organization creation", (api, headers) =>
    api.createOrganization({ headers, body: { name, slug } }),
  );
  if (failed) {
    return failed.field === "slug" || failed.field === "name"
      ? { name, slug, errors: { [failed.field]: failed.message } }
      : { name, slug, errors: {}, formError: failed.message };
  }
  redirect(`/orgs/${slug}`);
}

"use client";

import { useState } from "react";
import { FormField } from "@/app/components/form-field";
import type { FieldErrors } from "@/lib/shared/auth/validation";
import { SLUG_HINT, suggestSlug } from "./organization-rules";

/**
 * Name and slug, as the create and rename forms ask for them. With `suggest`,
 * the slug follows the name until the person edits it themselves.
 */
export function OrganizationFields({
  name: initialName,
  slug: initialSlug,
  errors,
  suggest,
}: {
  name: string;
  slug: string;
  errors: FieldErrors<"name" | "slug">;
  suggest: boolean;
}) {
  const [name, setName] = useState(initialName);
  const [slug, setSlug] = useState(initialSlug);
  const [slugEdited, setSlugEdited] = useState(!suggest);
  return (
    <>
      <FormField
        name="name"
        label="Name"
        value={name}
        onChange={(event) => {
          setName(event.target.value);
          if (!slugEdited) setSlug(suggestSlug(event.target.value));
        }}
        autoComplete="organization"
        required
        error={errors.name}
      />
      <FormField
        name="slug"
        label="Address"
        value={slug}
        onChange={(event) => {
          setSlug(event.target.value);
          setSlugEdited(true);
        }}
        autoComplete="off"
        autoCapitalize="none"
        autoCorrect="off"
        spellCheck={false}
        required
        hint={SLUG_HINT}
        error={errors.slug}
      />
    </>
  );
}

"use client";

import { FormAlert, FormNotice, SubmitButton } from "@/app/components/form-field";
import { type FormAction, useServerForm } from "@/app/components/use-server-form";
import { OrganizationFields } from "../../organization-fields";
import { OrganizationKey } from "../action-outcome";
import type { RenameFormState } from "../actions";

export function RenameForm({
  name,
  slug,
  action,
}: {
  name: string;
  slug: string;
  action: FormAction<RenameFormState>;
}) {
  const { state, pending, form } = useServerForm<RenameFormState>(action, {
    name,
    slug,
    errors: {},
  });
  return (
    <form {...form} noValidate className="space-y-4" aria-label="Rename organization">
      <FormAlert message={state.formError} />
      <OrganizationKey slug={slug} />
      <OrganizationFields name={state.name} slug={state.slug} errors={state.errors} suggest={false} />
      {state.saved && <FormNotice>Saved.</FormNotice>}
      <div className="w-40">
        <SubmitButton pending={pending} pendingLabel="Saving…">
          Save
        </SubmitButton>
      </div>
    </form>
  );
}

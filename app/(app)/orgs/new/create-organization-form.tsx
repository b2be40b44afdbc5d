"use client";

import { FormAlert, SubmitButton } from "@/app/components/form-field";
import { useServerForm } from "@/app/components/use-server-form";
import { createOrganizationAction, type OrganizationFormState } from "../actions";
import { OrganizationFields } from "../organization-fields";

const INITIAL: OrganizationFormState = { name: "", slug: "", errors: {} };

export function CreateOrganizationForm() {
  const { state, pending, form } = useServerForm<OrganizationFormState>(createOrganizationAction, INITIAL);
  return (
    <form {...form} noValidate className="space-y-4" aria-label="Create organization">
      <FormAlert message={state.formError} />
      <OrganizationFields name={state.name} slug={state.slug} errors={state.errors} suggest />
      <div className="w-56">
        <SubmitButton pending={pending} pendingLabel="Creating…">
          Create organization
        </SubmitButton>
      </div>
    </form>
  );
}

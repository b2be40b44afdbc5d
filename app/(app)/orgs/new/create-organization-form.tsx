"use client";

import { FormAlert, SubmitButton } from "@/app/components/form-field";
import { type FormAction, useServerForm } from "@/app/components/use-server-form";
import type { OrganizationFormState } from "../actions";
import { OrganizationFields } from "../organization-fields";

const INITIAL: OrganizationFormState = { name: "", slug: "", errors: {} };

export function CreateOrganizationForm({ action }: { action: FormAction<OrganizationFormState> }) {
  const { state, pending, form } = useServerForm<OrganizationFormState>(action, INITIAL);
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

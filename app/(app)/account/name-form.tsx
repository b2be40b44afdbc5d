"use client";

import { FormField, SubmitButton } from "@/app/components/form-field";
import { type FormAction, useServerForm } from "@/app/components/use-server-form";
import type { NameFormState } from "./actions";

export function NameForm({ name, action }: { name: string; action: FormAction<NameFormState> }) {
  const { state, pending, form } = useServerForm<NameFormState>(action, { name });
  return (
    <form {...form} noValidate className="space-y-4" aria-label="Change display name">
      <FormField
        name="name"
        label="Display name"
        autoComplete="name"
        defaultValue={state.name}
        required
        error={state.error}
      />
      {state.saved && (
        <p role="status" className="text-sm text-emerald-700">
          Saved.
        </p>
      )}
      <div className="w-40">
        <SubmitButton pending={pending} pendingLabel="Saving…">
          Save
        </SubmitButton>
      </div>
    </form>
  );
}

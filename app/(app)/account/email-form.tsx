"use client";

import { useActionState } from "react";
import { FormField, FormNotice, SubmitButton } from "@/app/components/form-field";
import { changeEmailAction, type EmailFormState } from "./actions";

export function EmailForm({ email }: { email: string }) {
  const [state, action, pending] = useActionState<EmailFormState, FormData>(changeEmailAction, { newEmail: "" });
  return (
    <form action={action} noValidate className="space-y-4" aria-label="Change email address">
      <input type="hidden" name="currentEmail" value={email} />
      {state.sentTo && (
        <FormNotice>
          We sent a link to <strong>{state.sentTo}</strong>. Your address changes when you open it (within an hour);
          until then you sign in with {email}. We also told {email}.
        </FormNotice>
      )}
      <FormField
        name="newEmail"
        label="New email address"
        type="email"
        autoComplete="email"
        required
        defaultValue={state.newEmail}
        error={state.error}
      />
      <div className="w-56">
        <SubmitButton pending={pending} pendingLabel="Sending the link…">
          Send a confirmation link
        </SubmitButton>
      </div>
    </form>
  );
}

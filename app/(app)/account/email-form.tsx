"use client";

import { FormField, FormNotice, SubmitButton } from "@/app/components/form-field";
import { ReauthPrompt } from "@/app/components/reauth-prompt";
import { type FormAction, useServerForm } from "@/app/components/use-server-form";
import type { EmailFormState } from "./actions";

/** Once the link is on its way the field empties; after an error it keeps what was typed. */
const clearWhenSent = (state: EmailFormState) => Boolean(state.sentTo);

export function EmailForm({ email, action }: { email: string; action: FormAction<EmailFormState> }) {
  const { state, pending, form } = useServerForm<EmailFormState>(action, {}, clearWhenSent);
  return (
    <>
      <form {...form} noValidate className="space-y-4" aria-label="Change email address">
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
          error={state.error}
        />
        <div className="w-56">
          <SubmitButton pending={pending} pendingLabel="Sending the link…">
            Send a confirmation link
          </SubmitButton>
        </div>
      </form>
      <ReauthPrompt needed={state.reauth && state} onConfirmed={() => form.ref.current?.requestSubmit()} />
    </>
  );
}

"use client";

import { FormAlert, FormField, FormNotice, SubmitButton } from "@/app/components/form-field";
import { type FormAction, useServerForm } from "@/app/components/use-server-form";
import { PASSWORD_RULE } from "@/lib/shared/auth/validation";
import type { PasswordFormState } from "./actions";

const INITIAL: PasswordFormState = { errors: {} };
/** A changed password is not left in the fields. */
const clearWhenSaved = (state: PasswordFormState) => state.saved === true;

/** `email` goes in a hidden username field, so a password manager saves the new password to this account. */
export function PasswordForm({ action, email }: { action: FormAction<PasswordFormState>; email: string }) {
  const { state, pending, form } = useServerForm<PasswordFormState>(action, INITIAL, clearWhenSaved);
  return (
    <form {...form} noValidate className="space-y-4" aria-label="Change password">
      <FormAlert message={state.formError} />
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      {state.saved && (
        <FormNotice>
          Your password is changed{state.signedOutOthers ? ", and your other devices were signed out" : ""}. We sent a
          note to your email address.
        </FormNotice>
      )}
      <FormField
        name="currentPassword"
        label="Current password"
        type="password"
        autoComplete="current-password"
        required
        error={state.errors.currentPassword}
      />
      <FormField
        name="newPassword"
        label="New password"
        type="password"
        autoComplete="new-password"
        required
        hint={PASSWORD_RULE}
        error={state.errors.newPassword}
      />
      <label className="flex items-center gap-2 text-sm text-slate-700">
        <input type="checkbox" name="revokeOtherSessions" defaultChecked className="h-4 w-4" />
        Sign out my other devices
      </label>
      <div className="w-48">
        <SubmitButton pending={pending} pendingLabel="Saving…">
          Change password
        </SubmitButton>
      </div>
    </form>
  );
}

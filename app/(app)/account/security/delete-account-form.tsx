"use client";

import { FormAlert, OwnPasswordField } from "@/app/components/form-field";
import { ReauthPrompt } from "@/app/components/reauth-prompt";
import { useHydrated } from "@/app/components/use-hydrated";
import { type FormAction, useServerForm } from "@/app/components/use-server-form";
import type { DeleteFormState } from "./actions";

const INITIAL: DeleteFormState = { errors: {} };

/** Deleting is final: the password (when the account has one) and an explicit tick are both asked for. */
export function DeleteAccountForm({
  hasPassword,
  action,
}: {
  hasPassword: boolean;
  action: FormAction<DeleteFormState>;
}) {
  const { state, pending, form } = useServerForm<DeleteFormState>(action, INITIAL);
  const hydrated = useHydrated();
  return (
    <>
      <form {...form} noValidate className="space-y-4" aria-label="Delete account">
        <FormAlert message={state.formError} />
        {hasPassword ? (
          <OwnPasswordField error={state.errors.password} />
        ) : (
          <p className="text-sm text-slate-600">
            Your account has no password: we ask you to confirm it's you with a passkey or a code by email.
          </p>
        )}
        <label className="flex items-center gap-2 text-sm text-slate-700">
          <input type="checkbox" name="understood" className="h-4 w-4" />I understand that my account and everything in
          it will be deleted for good.
        </label>
        <button
          type="submit"
          disabled={pending || !hydrated}
          aria-busy={pending}
          className="rounded-md bg-red-600 px-4 py-2 text-sm font-semibold text-white hover:bg-red-700 disabled:opacity-60"
        >
          {pending ? "Deleting…" : "Delete my account"}
        </button>
      </form>
      <ReauthPrompt needed={state.reauth && state} onConfirmed={() => form.ref.current?.requestSubmit()} />
    </>
  );
}

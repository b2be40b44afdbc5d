"use client";

import { FormAlert, FormField } from "@/app/components/form-field";
import { ReauthPrompt } from "@/app/components/reauth-prompt";
import { useHydrated } from "@/app/components/use-hydrated";
import { type FormAction, useServerForm } from "@/app/components/use-server-form";
import { OrganizationKey } from "../action-outcome";
import type { DeleteOrganizationState } from "../actions";

const INITIAL: DeleteOrganizationState = { confirmSlug: "" };

/** Deleting is final: the address typed out, and a recent proof of identity (asked in place). */
export function DeleteOrganizationForm({
  slug,
  action,
}: {
  slug: string;
  action: FormAction<DeleteOrganizationState>;
}) {
  const { state, pending, form } = useServerForm<DeleteOrganizationState>(action, INITIAL);
  const hydrated = useHydrated();
  return (
    <>
      <form {...form} noValidate className="space-y-4" aria-label="Delete organization">
        <FormAlert message={state.formError} />
        <OrganizationKey slug={slug} />
        <FormField
          name="confirmSlug"
          label={`Type ${slug} to confirm`}
          autoCapitalize="none"
          autoComplete="off"
          spellCheck={false}
          required
          error={state.error}
        />
        <button
          type="submit"
          disabled={pending || !hydrated}
          aria-busy={pending}
          className="rounded-md bg-red-600 px-4 py-2 text-sm font-semibold text-white hover:bg-red-700 disabled:opacity-60"
        >
          {pending ? "Deleting…" : "Delete this organization"}
        </button>
      </form>
      <ReauthPrompt needed={state.reauth && state} onConfirmed={() => form.ref.current?.requestSubmit()} />
    </>
  );
}

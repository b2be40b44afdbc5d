"use client";

import { FormAlert, FormField, FormNotice, SubmitButton } from "@/app/components/form-field";
import { ReauthPrompt } from "@/app/components/reauth-prompt";
import { type FormAction, useServerForm } from "@/app/components/use-server-form";
import type { OrganizationRole } from "@/lib/shared/auth/organization-access";
import { OrganizationKey } from "../action-outcome";
import type { InviteFormState } from "../actions";
import { RoleSelect } from "./role-select";

/**
 * Once the invitation is on its way the field empties; after an error it keeps
 * what was typed. Inviting needs a recent proof of identity (an accepted
 * invitation outlives the owner's recovery), asked in place, after which the
 * same form is sent again.
 */
const clearWhenSent = (state: InviteFormState) => Boolean(state.sentTo);

export function InviteForm({
  slug,
  roles,
  action,
}: {
  slug: string;
  roles: OrganizationRole[];
  action: FormAction<InviteFormState>;
}) {
  const { state, pending, form } = useServerForm<InviteFormState>(action, {}, clearWhenSent);
  return (
    <div className="space-y-4">
      <form {...form} noValidate className="space-y-4" aria-label="Invite a member">
        <FormAlert message={state.formError} />
        {state.sentTo && (
          <FormNotice>
            We sent an invitation to <strong>{state.sentTo}</strong>. Its link works once, for seven days, and only for
            that address.
          </FormNotice>
        )}
        <OrganizationKey slug={slug} />
        <FormField name="email" label="Email address" type="email" autoComplete="off" required error={state.error} />
        <RoleSelect id="invite-role" roles={roles} defaultValue="member" />
        <div className="w-48">
          <SubmitButton pending={pending} pendingLabel="Inviting…">
            Send invitation
          </SubmitButton>
        </div>
      </form>
      {/* Outside the form: the prompt is a form of its own. */}
      <ReauthPrompt needed={state.reauth && state} onConfirmed={() => form.ref.current?.requestSubmit()} />
    </div>
  );
}

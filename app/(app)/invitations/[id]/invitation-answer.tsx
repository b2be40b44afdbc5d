"use client";

import { FormAlert, SubmitButton } from "@/app/components/form-field";
import { useHydrated } from "@/app/components/use-hydrated";
import { type FormAction, useServerForm } from "@/app/components/use-server-form";
import type { InvitationAnswerState } from "./actions";

const INITIAL: InvitationAnswerState = {};

/** Accept (then the organization's home) or decline; either answer uses the invitation up. */
export function InvitationAnswer({
  invitationId,
  slug,
  acceptAction,
  declineAction,
}: {
  invitationId: string;
  slug: string;
  acceptAction: FormAction<InvitationAnswerState>;
  declineAction: FormAction<InvitationAnswerState>;
}) {
  const accept = useServerForm(acceptAction, INITIAL);
  const decline = useServerForm(declineAction, INITIAL);
  const hydrated = useHydrated();
  return (
    <div className="space-y-4">
      <FormAlert message={accept.state.error ?? decline.state.error} />
      <div className="flex flex-wrap gap-3">
        <form {...accept.form} aria-label="Accept invitation">
          <input type="hidden" name="invitationId" value={invitationId} />
          <input type="hidden" name="organizationSlug" value={slug} />
          <div className="w-48">
            <SubmitButton pending={accept.pending} pendingLabel="Joining…">
              Accept and join
            </SubmitButton>
          </div>
        </form>
        <form {...decline.form} aria-label="Decline invitation">
          <input type="hidden" name="invitationId" value={invitationId} />
          <button
            type="submit"
            disabled={decline.pending || accept.pending || !hydrated}
            aria-busy={decline.pending}
            className="rounded-md border border-slate-300 px-4 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100 disabled:opacity-60"
          >
            {decline.pending ? "Declining…" : "Decline"}
          </button>
        </form>
      </div>
    </div>
  );
}

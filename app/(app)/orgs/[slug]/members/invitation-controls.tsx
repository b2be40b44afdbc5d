"use client";

import { ReauthPrompt } from "@/app/components/reauth-prompt";
import { useHydrated } from "@/app/components/use-hydrated";
import { type FormAction, useServerForm } from "@/app/components/use-server-form";
import { OrganizationKey } from "../action-outcome";
import type { OrganizationActionState } from "../actions";
import { useReportedAction } from "./outcome-board";

const INITIAL: OrganizationActionState = {};
const SECONDARY =
  "rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-100 disabled:opacity-60";

/**
 * Resend and withdraw for one open invitation; what they did shows on the
 * list's board. Resending is inviting again, so it may ask for a recent proof
 * of identity first (./invite-form.tsx).
 */
export function InvitationControls({
  slug,
  invitationId,
  email,
  canCancel,
  resendAction,
  cancelAction,
}: {
  slug: string;
  invitationId: string;
  email: string;
  canCancel: boolean;
  resendAction: FormAction<OrganizationActionState>;
  cancelAction: FormAction<OrganizationActionState>;
}) {
  const resend = useServerForm(useReportedAction(resendAction), INITIAL);
  const cancel = useServerForm(useReportedAction(cancelAction), INITIAL);
  const hydrated = useHydrated();
  const control = ({ form, pending }: typeof resend, label: string, busy: string) => (
    <form {...form} aria-label={`${label} the invitation to ${email}`}>
      <OrganizationKey slug={slug} />
      <input type="hidden" name="invitationId" value={invitationId} />
      <button type="submit" disabled={pending || !hydrated} aria-busy={pending} className={SECONDARY}>
        {pending ? busy : label}
      </button>
    </form>
  );
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-2">
        {control(resend, "Resend", "Sending…")}
        {canCancel && control(cancel, "Withdraw", "Withdrawing…")}
      </div>
      <ReauthPrompt
        needed={resend.state.reauth && resend.state}
        onConfirmed={() => resend.form.ref.current?.requestSubmit()}
      />
    </div>
  );
}

"use client";

import { useState } from "react";
import { useHydrated } from "@/app/components/use-hydrated";
import { useServerForm } from "@/app/components/use-server-form";
import { ActionOutcome, OrganizationKey } from "../action-outcome";
import { cancelInvitationAction, type OrganizationActionState, resendInvitationAction } from "../actions";

const INITIAL: OrganizationActionState = {};
const SECONDARY =
  "rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-100 disabled:opacity-60";

/** Resend and withdraw for one open invitation; the outcome of the last one pressed shows under them. */
export function InvitationControls({
  slug,
  invitationId,
  email,
  canCancel,
}: {
  slug: string;
  invitationId: string;
  email: string;
  canCancel: boolean;
}) {
  const resend = useServerForm(resendInvitationAction, INITIAL);
  const cancel = useServerForm(cancelInvitationAction, INITIAL);
  const [last, setLast] = useState<"resend" | "cancel">();
  const hydrated = useHydrated();
  const control = (which: "resend" | "cancel", { form, pending }: typeof resend, label: string, busy: string) => (
    <form
      {...form}
      onSubmit={(event) => {
        setLast(which);
        form.onSubmit(event);
      }}
      aria-label={`${label} the invitation to ${email}`}
    >
      <OrganizationKey slug={slug} />
      <input type="hidden" name="invitationId" value={invitationId} />
      <button type="submit" disabled={pending || !hydrated} aria-busy={pending} className={SECONDARY}>
        {pending ? busy : label}
      </button>
    </form>
  );
  const outcome = last === "resend" ? resend.state : last === "cancel" ? cancel.state : INITIAL;
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-2">
        {control("resend", resend, "Resend", "Sending…")}
        {canCancel && control("cancel", cancel, "Withdraw", "Withdrawing…")}
      </div>
      <ActionOutcome state={outcome} />
    </div>
  );
}

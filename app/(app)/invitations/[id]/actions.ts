"use server";

import { redirect } from "next/navigation";
import { attempt } from "@/app/(app)/attempt";
import { signOutCurrentSession } from "@/lib/server/auth/session";
import { slugProblem } from "@/lib/shared/auth/organization-slug";
import { signInPath } from "@/lib/shared/auth/redirects";

export interface InvitationAnswerState {
  error?: string;
}

const text = (value: FormDataEntryValue | null) => (typeof value === "string" ? value.trim() : "");

/**
 * Accepts: Better Auth checks that the invitation is open and addressed to
 * this (verified) account, and marks it used. Then the organization's home;
 * its slug came with the page and only picks where to go, which checks the
 * membership itself.
 */
export async function acceptInvitationAction(
  _previous: InvitationAnswerState,
  formData: FormData,
): Promise<InvitationAnswerState> {
  const invitationId = text(formData.get("invitationId"));
  const slug = text(formData.get("organizationSlug"));
  const failed = await attempt("invitation accept", (api, headers) =>
    api.acceptInvitation({ headers, body: { invitationId } }),
  );
  if (failed) return { error: failed.message };
  redirect(slugProblem(slug) ? "/orgs" : `/orgs/${slug}`);
}

/** Declines, then the list of organizations says so (this page can no longer show the invitation). */
export async function declineInvitationAction(
  _previous: InvitationAnswerState,
  formData: FormData,
): Promise<InvitationAnswerState> {
  const invitationId = text(formData.get("invitationId"));
  const failed = await attempt("invitation decline", (api, headers) =>
    api.rejectInvitation({ headers, body: { invitationId } }),
  );
  if (failed) return { error: failed.message };
  redirect("/orgs?declined=1");
}

/** For an invitation meant for another account: sign out, then sign in as that account and come back here. */
export async function signInAsInviteeAction(formData: FormData): Promise<never> {
  const invitationId = text(formData.get("invitationId"));
  await signOutCurrentSession();
  redirect(signInPath(`/invitations/${encodeURIComponent(invitationId)}`));
}

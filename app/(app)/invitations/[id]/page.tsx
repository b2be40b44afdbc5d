import { APIError } from "better-auth/api";
import type { Metadata } from "next";
import { describeAuthError } from "@/app/components/auth-errors";
import { Card, Details, formatDateTime, PageTitle } from "@/app/components/card";
import { asCurrentUser, requireSession } from "@/lib/server/auth/session";
import { RoleBadge } from "../../orgs/role-badge";
import { acceptInvitationAction, declineInvitationAction, signInAsInviteeAction } from "./actions";
import { InvitationAnswer } from "./invitation-answer";

export const metadata: Metadata = { title: "Invitation" };

/** The invitation as Better Auth shows it to its recipient, or why it cannot. */
async function readInvitation(id: string) {
  try {
    return { invitation: await asCurrentUser((api, headers) => api.getInvitation({ headers, query: { id } })) };
  } catch (error) {
    if (!(error instanceof APIError)) throw error;
    const body = error.body as { code?: string; message?: string } | undefined;
    return {
      otherAccount: body?.code === "YOU_ARE_NOT_THE_RECIPIENT_OF_THE_INVITATION",
      problem: describeAuthError({ code: body?.code, message: body?.message, status: error.statusCode }).message,
    };
  }
}

/**
 * The mailed link's page. Signed-out visitors are sent to sign in and back
 * (the gate, and requireSession here). The invitation is shown only to the
 * account it was sent to; to anyone else this page says so without naming
 * the address (which would tell them who was invited).
 */
export default async function InvitationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { user } = await requireSession(`/invitations/${encodeURIComponent(id)}`, true);
  const { invitation, otherAccount, problem } = await readInvitation(id);
  if (!invitation) {
    return (
      <>
        <PageTitle title="Invitation" />
        <div className="max-w-xl">
          <Card title={otherAccount ? "Not for this account" : "This invitation cannot be used"}>
            <p className="text-sm text-slate-600" data-testid="invitation-problem">
              {problem}
            </p>
            {otherAccount && (
              <form action={signInAsInviteeAction} className="mt-4" aria-label="Sign in with another account">
                <p className="mb-3 text-sm text-slate-600">
                  You are signed in as {user.email}. Sign out, then sign in with the address the invitation was sent to.
                </p>
                <input type="hidden" name="invitationId" value={id} />
                <button
                  type="submit"
                  className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-brand-700"
                >
                  Sign out and switch account
                </button>
              </form>
            )}
          </Card>
        </div>
      </>
    );
  }
  return (
    <>
      <PageTitle title={`Join ${invitation.organizationName}`} subtitle="You have been invited to an organization." />
      <div className="max-w-xl">
        <Card title={invitation.organizationName}>
          <Details
            items={[
              ["Invited by", invitation.inviterEmail, "invitation-inviter"],
              ["Your role", <RoleBadge key="role" role={invitation.role} />, "invitation-role"],
              ["Valid until", formatDateTime(invitation.expiresAt), "invitation-expires"],
            ]}
          />
          <div className="mt-6">
            <InvitationAnswer
              invitationId={invitation.id}
              slug={invitation.organizationSlug}
              acceptAction={acceptInvitationAction}
              declineAction={declineInvitationAction}
            />
          </div>
        </Card>
      </div>
    </>
  );
}

import type { Metadata } from "next";
import { Card, formatDateTime, PageTitle } from "@/app/components/card";
import { membersOf, pendingInvitationsOf } from "@/lib/server/organizations/roster";
import { roleAllows, roleRank } from "@/lib/shared/auth/organization-access";
import { hasRole } from "@/lib/shared/auth/roles";
import { RoleBadge } from "../../role-badge";
import {
  cancelInvitationAction,
  changeMemberRoleAction,
  inviteMemberAction,
  removeMemberAction,
  resendInvitationAction,
} from "../actions";
import { OrganizationNav } from "../organization-nav";
import { requireMembership } from "../require-membership";
import { grantableRoles } from "./grantable-roles";
import { InvitationControls } from "./invitation-controls";
import { InviteForm } from "./invite-form";
import { MemberControls } from "./member-controls";
import { OutcomeBoard } from "./outcome-board";

export const metadata: Metadata = { title: "Members" };

/**
 * Any member sees who is in the organization; what they may change follows
 * their role: nobody acts on a member ranked above them or gives a role above
 * their own. Gated `fresh`, and the membership is read here on every request,
 * so a removed member is refused at once.
 */
export default async function MembersPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { session, organization, member } = await requireMembership(slug, "/members", { fresh: true });
  const canInvite = roleAllows(member.role, "invitation:create");
  const [members, invitations] = await Promise.all([
    membersOf(organization.id),
    canInvite ? pendingInvitationsOf(organization.id) : [],
  ]);
  const rank = roleRank(member.role);
  const roles = grantableRoles(member.role);
  // As Better Auth lists them: an invitation to become owner is for owners' eyes.
  const visibleInvitations = invitations.filter((i) => !hasRole(i.role, "owner") || hasRole(member.role, "owner"));
  const now = new Date();
  return (
    <>
      <PageTitle title={`${organization.name}: members`} subtitle={`/orgs/${organization.slug}`} />
      <OrganizationNav slug={slug} role={member.role} current="members" />
      <div className="grid gap-6">
        <Card title={`Members (${members.length})`}>
          <OutcomeBoard>
            <ul className="divide-y divide-slate-100" data-testid="members">
              {members.map((row) => {
                const self = row.userId === session.user.id;
                const below = !self && roleRank(row.role) <= rank;
                return (
                  <li key={row.id} className="space-y-2 py-3 text-sm" data-member={row.email}>
                    <div className="flex flex-wrap items-center justify-between gap-2">
                      <div className="min-w-0">
                        <p className="font-medium">
                          {row.name}
                          {self && <span className="ml-2 text-xs text-slate-500">(you)</span>}
                        </p>
                        <p className="truncate text-slate-500">{row.email}</p>
                      </div>
                      <RoleBadge role={row.role} />
                    </div>
                    {below &&
                      (roleAllows(member.role, "member:update") || roleAllows(member.role, "member:delete")) && (
                        <MemberControls
                          slug={slug}
                          memberId={row.id}
                          name={row.name}
                          role={row.role}
                          roles={roleAllows(member.role, "member:update") ? roles : []}
                          canRemove={roleAllows(member.role, "member:delete")}
                          changeRoleAction={changeMemberRoleAction}
                          removeAction={removeMemberAction}
                        />
                      )}
                  </li>
                );
              })}
            </ul>
          </OutcomeBoard>
        </Card>
        {canInvite && (
          <div className="grid grid-cols-1 gap-6 md:grid-cols-2">
            <Card title="Invite someone" description="They get a link by email; it works for that address only.">
              <InviteForm slug={slug} roles={roles} action={inviteMemberAction} />
            </Card>
            <Card title={`Open invitations (${visibleInvitations.length})`}>
              <OutcomeBoard>
                {visibleInvitations.length === 0 ? (
                  <p className="text-sm text-slate-500">None.</p>
                ) : (
                  <ul className="divide-y divide-slate-100" data-testid="invitations">
                    {visibleInvitations.map((invitation) => (
                      <li key={invitation.id} className="space-y-2 py-3 text-sm" data-invitation={invitation.email}>
                        <div>
                          <p className="font-medium">{invitation.email}</p>
                          <p className="text-slate-500">
                            as {invitation.role ?? "member"} ·{" "}
                            {invitation.expiresAt > now
                              ? `until ${formatDateTime(invitation.expiresAt)}`
                              : "expired: resend it to renew"}
                          </p>
                        </div>
                        <InvitationControls
                          slug={slug}
                          invitationId={invitation.id}
                          email={invitation.email}
                          canCancel={roleAllows(member.role, "invitation:cancel")}
                          resendAction={resendInvitationAction}
                          cancelAction={cancelInvitationAction}
                        />
                      </li>
                    ))}
                  </ul>
                )}
              </OutcomeBoard>
            </Card>
          </div>
        )}
      </div>
    </>
  );
}

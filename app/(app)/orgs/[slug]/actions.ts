"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { attempt } from "@/app/(app)/attempt";
import { type DescribedError, describeAuthError } from "@/app/components/auth-errors";
import { getSession, redirectToSignIn } from "@/lib/server/auth/session";
import { membershipBySlug } from "@/lib/server/organizations/membership";
import { membersOf, pendingInvitationsOf } from "@/lib/server/organizations/roster";
import type { OrganizationRole } from "@/lib/shared/auth/organization-access";
import { isEmailAddress, validateOrganizationName } from "@/lib/shared/auth/validation";
import type { OrganizationFormState } from "../actions";
import { grantableRoles } from "./members/grantable-roles";

/** The outcome of an action on an organization, its members or invitations. */
export interface OrganizationActionState {
  error?: string;
  notice?: string;
  /** The change needs a recent proof of identity first (the form asks for it, then sends again). */
  reauth?: boolean;
}

export interface RenameFormState extends OrganizationFormState {
  saved?: boolean;
}

export interface DeleteOrganizationState {
  confirmSlug: string;
  error?: string;
  formError?: string;
  reauth?: boolean;
}

export interface InviteFormState {
  error?: string;
  formError?: string;
  sentTo?: string;
  reauth?: boolean;
}

const text = (value: FormDataEntryValue | null) => (typeof value === "string" ? value.trim() : "");

const NOT_A_MEMBER = describeAuthError({ code: "ORGANIZATION_NOT_FOUND", status: 404 }).message;

const failure = ({ reauth, message }: DescribedError): OrganizationActionState =>
  reauth ? { reauth } : { error: message };

/**
 * The caller's membership of the organization a form names, read again from
 * the database with a session confirmed there: the slug in the form only
 * finds it, and everything after uses the organization id it returns.
 */
async function membershipFor(formData: FormData) {
  const session = await getSession(true);
  if (!session) return redirectToSignIn();
  return membershipBySlug(session.user.id, text(formData.get("organizationSlug")));
}

const membersPage = (slug: string) => `/orgs/${slug}/members`;

const CHOOSE_ROLE = "Choose a role you can give: yours or below.";

/** The role a form asks for, if the caller may give it. */
function grantable(ownRole: string, formData: FormData): OrganizationRole | undefined {
  const wanted = text(formData.get("role"));
  return grantableRoles(ownRole).find((role) => role === wanted);
}

/** Renames; a new slug moves the organization, and the person with it, to its new address. */
export async function renameOrganizationAction(
  _previous: RenameFormState,
  formData: FormData,
): Promise<RenameFormState> {
  const name = text(formData.get("name"));
  const slug = text(formData.get("slug"));
  const errors = { name: validateOrganizationName(name), slug: slug ? undefined : "Choose an address." };
  if (errors.name || errors.slug) return { name, slug, errors };
  const membership = await membershipFor(formData);
  if (!membership) return { name, slug, errors: {}, formError: NOT_A_MEMBER };
  const { organization } = membership;
  const failed = await attempt("organization update", (api, headers) =>
    api.updateOrganization({ headers, body: { organizationId: organization.id, data: { name, slug } } }),
  );
  if (failed) {
    return failed.field === "slug" || failed.field === "name"
      ? { name, slug, errors: { [failed.field]: failed.message } }
      : { name, slug, errors: {}, formError: failed.message };
  }
  revalidatePath(`/orgs/${organization.slug}`, "layout");
  if (slug !== organization.slug) redirect(`/orgs/${slug}/settings?moved=1`);
  return { name, slug, errors: {}, saved: true };
}

/**
 * Deletes the organization: its owner only, with the slug typed to confirm
 * (sent as x-confirm-slug, which the server checks too) and a recent proof
 * of identity (the form asks for it in place).
 */
export async function deleteOrganizationAction(
  _previous: DeleteOrganizationState,
  formData: FormData,
): Promise<DeleteOrganizationState> {
  const confirmSlug = text(formData.get("confirmSlug"));
  const membership = await membershipFor(formData);
  if (!membership) return { confirmSlug, formError: NOT_A_MEMBER };
  const { organization } = membership;
  if (confirmSlug !== organization.slug) {
    return { confirmSlug, error: describeAuthError({ code: "CONFIRMATION_MISMATCH", status: 400 }).message };
  }
  const failed = await attempt("organization deletion", (api, headers) => {
    const confirmed = new Headers(headers);
    confirmed.set("x-confirm-slug", confirmSlug);
    return api.deleteOrganization({ headers: confirmed, body: { organizationId: organization.id } });
  });
  if (failed?.reauth) return { confirmSlug, reauth: true };
  if (failed?.field === "confirmSlug") return { confirmSlug, error: failed.message };
  if (failed) return { confirmSlug, formError: failed.message };
  redirect("/orgs?deleted=1");
}

/** Leaves the organization (the server refuses its last owner). */
export async function leaveOrganizationAction(
  _previous: OrganizationActionState,
  formData: FormData,
): Promise<OrganizationActionState> {
  const membership = await membershipFor(formData);
  if (!membership) return { error: NOT_A_MEMBER };
  const failed = await attempt("leaving an organization", (api, headers) =>
    api.leaveOrganization({ headers, body: { organizationId: membership.organization.id } }),
  );
  if (failed) return failure(failed);
  redirect("/orgs?left=1");
}

/** Invites an address with a role no higher than the inviter's; the mail carries a link that works once. */
export async function inviteMemberAction(_previous: InviteFormState, formData: FormData): Promise<InviteFormState> {
  const email = text(formData.get("email")).toLowerCase();
  if (!email) return { error: "Enter the address to invite." };
  if (!isEmailAddress(email)) return { error: "Enter a valid email address, like name@example.com." };
  const membership = await membershipFor(formData);
  if (!membership) return { formError: NOT_A_MEMBER };
  const { organization, member } = membership;
  const role = grantable(member.role, formData);
  if (!role) return { formError: CHOOSE_ROLE };
  const failed = await attempt("invitation", (api, headers) =>
    api.createInvitation({ headers, body: { email, role, organizationId: organization.id } }),
  );
  if (failed?.reauth) return { reauth: true };
  if (failed?.field === "email") return { error: failed.message };
  if (failed) return { formError: failed.message };
  revalidatePath(membersPage(organization.slug));
  return { sentTo: email };
}

const INVITATION_GONE = "This invitation was already answered or withdrawn. Reload the page to see where things stand.";

/** One of this organization's open invitations, found by the id a form sent (never one of another organization). */
async function invitationFor(formData: FormData) {
  const membership = await membershipFor(formData);
  if (!membership) return { error: NOT_A_MEMBER };
  const id = text(formData.get("invitationId"));
  const invitation = (await pendingInvitationsOf(membership.organization.id)).find((row) => row.id === id);
  return invitation ? { ...membership, invitation } : { error: INVITATION_GONE };
}

/** Mails the same link again and gives it seven more days. */
export async function resendInvitationAction(
  _previous: OrganizationActionState,
  formData: FormData,
): Promise<OrganizationActionState> {
  const found = await invitationFor(formData);
  if ("error" in found) return found;
  const { organization, invitation } = found;
  const failed = await attempt("invitation resend", (api, headers) =>
    api.createInvitation({
      headers,
      body: {
        email: invitation.email,
        role: (invitation.role ?? "member") as OrganizationRole, // as stored; resending keeps it anyway
        organizationId: organization.id,
        resend: true,
      },
    }),
  );
  if (failed) return failure(failed);
  revalidatePath(membersPage(organization.slug));
  return { notice: `Sent again to ${invitation.email}; the link now works for seven more days.` };
}

export async function cancelInvitationAction(
  _previous: OrganizationActionState,
  formData: FormData,
): Promise<OrganizationActionState> {
  const found = await invitationFor(formData);
  if ("error" in found) return found;
  const { organization, invitation } = found;
  const failed = await attempt("invitation cancel", (api, headers) =>
    api.cancelInvitation({ headers, body: { invitationId: invitation.id } }),
  );
  if (failed) return failure(failed);
  revalidatePath(membersPage(organization.slug));
  return { notice: `The invitation to ${invitation.email} is withdrawn; its link no longer works.` };
}

const MEMBER_GONE = "This person is no longer a member. Reload the page to see the members now.";

/** A member of this organization, found by the id a form sent (never one of another organization). */
async function memberFor(formData: FormData) {
  const membership = await membershipFor(formData);
  if (!membership) return { error: NOT_A_MEMBER };
  const id = text(formData.get("memberId"));
  const target = (await membersOf(membership.organization.id)).find((row) => row.id === id);
  return target ? { ...membership, target } : { error: MEMBER_GONE };
}

export async function changeMemberRoleAction(
  _previous: OrganizationActionState,
  formData: FormData,
): Promise<OrganizationActionState> {
  const found = await memberFor(formData);
  if ("error" in found) return found;
  const { organization, member, target } = found;
  const role = grantable(member.role, formData);
  if (!role) return { error: CHOOSE_ROLE };
  if (role === target.role) return { notice: `${target.name} is already ${role}.` };
  const failed = await attempt("member role change", (api, headers) =>
    api.updateMemberRole({
      headers,
      body: { memberId: target.id, role, organizationId: organization.id },
    }),
  );
  if (failed) return failure(failed);
  revalidatePath(membersPage(organization.slug));
  return { notice: `${target.name} is now ${role}.` };
}

/** Removes a member: their next request to any of this organization's pages or endpoints is refused. */
export async function removeMemberAction(
  _previous: OrganizationActionState,
  formData: FormData,
): Promise<OrganizationActionState> {
  const found = await memberFor(formData);
  if ("error" in found) return found;
  const { organization, target } = found;
  const failed = await attempt("member removal", (api, headers) =>
    api.removeMember({ headers, body: { memberIdOrEmail: target.id, organizationId: organization.id } }),
  );
  if (failed) return failure(failed);
  revalidatePath(membersPage(organization.slug));
  return { notice: `${target.name} is no longer a member.` };
}

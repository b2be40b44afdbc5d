import type { Metadata } from "next";
import Link from "next/link";
import { Card, Details, formatDateTime, PageTitle } from "@/app/components/card";
import { membersOf } from "@/lib/server/organizations/roster";
import { roleAllows } from "@/lib/shared/auth/organization-access";
import { hasRole } from "@/lib/shared/auth/roles";
import { RoleBadge } from "../role-badge";
import { leaveOrganizationAction } from "./actions";
import { LeaveForm } from "./leave-form";
import { OrganizationNav } from "./organization-nav";
import { requireMembership } from "./require-membership";

export const metadata: Metadata = { title: "Organization" };

/**
 * An organization's home, for any member. Leaving is offered here, where
 * every member can reach it; the server refuses the last owner, and the page
 * says so before they try.
 */
export default async function OrganizationPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { organization, member } = await requireMembership(slug, "");
  const soleOwner =
    hasRole(member.role, "owner") &&
    (await membersOf(organization.id)).filter((row) => hasRole(row.role, "owner")).length === 1;
  const links = [
    { href: `/orgs/${slug}/members`, label: "Members", what: "Who is in it, and their roles." },
    ...(roleAllows(member.role, "organization:update")
      ? [{ href: `/orgs/${slug}/settings`, label: "Settings", what: "Its name and address; deleting it." }]
      : []),
    ...(roleAllows(member.role, "activity:read")
      ? [{ href: `/orgs/${slug}/activity`, label: "Activity", what: "Who joined, left or changed what." }]
      : []),
  ];
  return (
    <>
      <PageTitle title={organization.name} subtitle={`/orgs/${organization.slug}`} />
      <OrganizationNav slug={slug} role={member.role} current="home" />
      <div className="grid grid-cols-1 gap-6 md:grid-cols-2">
        <Card title="Your membership">
          <Details
            items={[
              ["Your role", <RoleBadge key="role" role={member.role} />, "organization-role"],
              ["Created", formatDateTime(organization.createdAt), "organization-created"],
            ]}
          />
        </Card>
        <Card title="In this organization">
          <ul className="space-y-3 text-sm">
            {links.map(({ href, label, what }) => (
              <li key={href}>
                <Link href={href} className="font-medium text-brand-600 hover:underline">
                  {label}
                </Link>
                <p className="text-slate-500">{what}</p>
              </li>
            ))}
          </ul>
        </Card>
        <Card title="Leave" description="You lose access at once; an admin can invite you again.">
          {soleOwner ? (
            <p className="text-sm text-slate-600" data-testid="sole-owner">
              You are its only owner, and an organization always keeps one: make someone else an owner on the Members
              page, or delete the organization in Settings.
            </p>
          ) : (
            <LeaveForm slug={slug} name={organization.name} action={leaveOrganizationAction} />
          )}
        </Card>
      </div>
    </>
  );
}

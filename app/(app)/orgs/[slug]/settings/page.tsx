import type { Metadata } from "next";
import { Card, PageTitle } from "@/app/components/card";
import { FormNotice } from "@/app/components/form-field";
import { roleAllows } from "@/lib/shared/auth/organization-access";
import { deleteOrganizationAction, renameOrganizationAction } from "../actions";
import { OrganizationNav } from "../organization-nav";
import { requireMembership } from "../require-membership";
import { DeleteOrganizationForm } from "./delete-organization-form";
import { RenameForm } from "./rename-form";

export const metadata: Metadata = { title: "Organization settings" };

/** Owners and admins (organization:update); deleting, owners only (organization:delete). */
export default async function OrganizationSettingsPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ moved?: string }>;
}) {
  const { slug } = await params;
  const { organization, member } = await requireMembership(slug, "/settings", {
    permission: "organization:update",
    fresh: true,
  });
  const moved = (await searchParams).moved !== undefined;
  return (
    <>
      <PageTitle title={`${organization.name}: settings`} subtitle={`/orgs/${organization.slug}`} />
      <OrganizationNav slug={slug} role={member.role} current="settings" />
      <div className="grid grid-cols-1 gap-6 md:grid-cols-2">
        <Card
          title="Name and address"
          description="A new address moves every page of the organization; links to the old one stop working."
        >
          {moved && (
            <div className="mb-4">
              <FormNotice>Saved. The organization is now at /orgs/{organization.slug}.</FormNotice>
            </div>
          )}
          <RenameForm name={organization.name} slug={organization.slug} action={renameOrganizationAction} />
        </Card>
        {roleAllows(member.role, "organization:delete") && (
          <Card
            title="Delete organization"
            description="Removes the organization, its members and its invitations. This cannot be undone."
          >
            <DeleteOrganizationForm slug={organization.slug} action={deleteOrganizationAction} />
          </Card>
        )}
      </div>
    </>
  );
}

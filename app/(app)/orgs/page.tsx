import type { Metadata } from "next";
import Link from "next/link";
import { Card, PageTitle } from "@/app/components/card";
import { FormNotice } from "@/app/components/form-field";
import { requireSession } from "@/lib/server/auth/session";
import { organizationsOf } from "@/lib/server/organizations/membership";
import { RoleBadge } from "./role-badge";

export const metadata: Metadata = { title: "Organizations" };

/** Where leaving or deleting an organization, or declining an invitation, lands, and what it then says. */
const OUTCOMES = {
  left: "You left the organization.",
  deleted: "The organization is deleted.",
  declined: "You declined the invitation; its link no longer works.",
} as const;

/** The organizations I belong to, read from the database (a membership ended elsewhere is gone here at once). */
export default async function OrganizationsPage({
  searchParams,
}: {
  searchParams: Promise<Partial<Record<keyof typeof OUTCOMES, string>>>;
}) {
  const { user } = await requireSession("/orgs");
  const organizations = await organizationsOf(user.id);
  const given = await searchParams;
  const outcome = (Object.keys(OUTCOMES) as (keyof typeof OUTCOMES)[]).find((key) => given[key] !== undefined);
  return (
    <>
      <PageTitle title="Organizations" subtitle="The teams you belong to, and your role in each." />
      {outcome && (
        <div className="mb-6">
          <FormNotice>{OUTCOMES[outcome]}</FormNotice>
        </div>
      )}
      <Card title={`Your organizations (${organizations.length})`}>
        {organizations.length === 0 ? (
          <p className="text-sm text-slate-500">
            You are not in any organization yet. Create one, or open an invitation someone sent you.
          </p>
        ) : (
          <ul className="divide-y divide-slate-100 text-sm" data-testid="organizations">
            {organizations.map((org) => (
              <li key={org.id} className="flex items-center justify-between gap-4 py-3">
                <div className="min-w-0">
                  <Link href={`/orgs/${org.slug}`} className="font-medium text-brand-600 hover:underline">
                    {org.name}
                  </Link>
                  <p className="truncate text-slate-500">/orgs/{org.slug}</p>
                </div>
                <RoleBadge role={org.role} />
              </li>
            ))}
          </ul>
        )}
        <Link
          href="/orgs/new"
          className="mt-4 inline-block rounded-md bg-brand-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-brand-700"
        >
          Create organization
        </Link>
      </Card>
    </>
  );
}

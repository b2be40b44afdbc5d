import type { Metadata } from "next";
import { Card, PageTitle } from "@/app/components/card";
import { requireSession } from "@/lib/server/auth/session";
import { createOrganizationAction } from "../actions";
import { CreateOrganizationForm } from "./create-organization-form";

export const metadata: Metadata = { title: "New organization" };

/** `new` is a reserved slug, so this path never names an organization. */
export default async function NewOrganizationPage() {
  await requireSession("/orgs/new");
  return (
    <>
      <PageTitle title="New organization" subtitle="You become its owner; invite people once it exists." />
      <div className="max-w-xl">
        <Card title="Name and address">
          <CreateOrganizationForm action={createOrganizationAction} />
        </Card>
      </div>
    </>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { Card, Details, PageTitle } from "@/app/components/card";
import { requireSession } from "@/lib/server/auth/session";
import { AccountNav } from "./account-nav";
import { changeEmailAction, updateNameAction } from "./actions";
import { EmailForm } from "./email-form";
import { NameForm } from "./name-form";

export const metadata: Metadata = { title: "Account" };

/**
 * Gated at the session level. What acts on the account goes through server
 * actions that confirm the session in the database; the password, devices
 * and deletion are on the fresh Security page.
 */
export default async function AccountPage() {
  const { user } = await requireSession("/account");
  return (
    <>
      <PageTitle title="Account" subtitle="Your name and email address." />
      <AccountNav current="account" />
      <div className="grid grid-cols-1 gap-6 md:grid-cols-2">
        <Card title="Display name" description="Shown across the app.">
          <NameForm name={user.name} action={updateNameAction} />
        </Card>
        <Card title="Email address" description="Where sign-in links and security notices go.">
          <Details
            items={[
              ["Current", user.email, "account-email"],
              ["Status", user.emailVerified ? "Confirmed" : "Not confirmed", "account-email-status"],
            ]}
          />
          <div className="mt-4">
            <EmailForm email={user.email} action={changeEmailAction} />
          </div>
        </Card>
        <Card
          title="Password, devices and deletion"
          description="On the Security page, which checks your session afresh."
        >
          <Link href="/account/security" className="text-sm font-medium text-brand-600 hover:underline">
            Open Security
          </Link>
        </Card>
      </div>
    </>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { Card, PageTitle } from "@/app/components/card";

export const metadata: Metadata = { title: "Account deleted" };

export default function AccountDeletedPage() {
  return (
    <>
      <PageTitle title="Your account was deleted" subtitle="You are signed out everywhere." />
      <Card title="What happened">
        <p className="text-sm text-slate-600" data-testid="account-deleted">
          Your account, its sessions and its sign-in methods are gone. We sent a confirmation to your email address. If
          you change your mind, you can{" "}
          <Link href="/sign-up" className="font-medium text-brand-600 hover:underline">
            create a new account
          </Link>
          .
        </p>
      </Card>
    </>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { Card, Details, formatDateTime, PageTitle } from "@/app/components/card";
import { requireSession } from "@/lib/server/auth/session";
import { hasRole } from "@/lib/shared/auth/roles";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const { user, session } = await requireSession("/dashboard");
  return (
    <>
      <PageTitle title={`Welcome, ${user.name}`} subtitle="Your account at a glance." />
      <div className="grid grid-cols-1 gap-6 md:grid-cols-2">
        <Card title="Profile">
          <Details
            items={[
              ["Name", user.name, "user-name"],
              ["Email", user.email, "user-email"],
              ["Role", <RoleBadge key="role" role={user.role ?? "user"} />, "user-role"],
              ["Session expires", formatDateTime(session.expiresAt), "session-expires"],
            ]}
          />
        </Card>
        <Card title="Your account" description="Change your name, email address or password; see your devices.">
          <div className="flex gap-4 text-sm font-medium">
            <Link href="/account" className="text-brand-600 hover:underline">
              Account
            </Link>
            <Link href="/account/security" className="text-brand-600 hover:underline">
              Security
            </Link>
          </div>
        </Card>
      </div>
    </>
  );
}

function RoleBadge({ role }: { role: string }) {
  const admin = hasRole(role, "admin");
  return (
    <span
      className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ${admin ? "bg-amber-100 text-amber-800" : "bg-slate-100 text-slate-700"}`}
    >
      {role}
    </span>
  );
}

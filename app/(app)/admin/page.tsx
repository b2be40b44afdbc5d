import type { Metadata } from "next";
import { forbidden } from "next/navigation";
import { Card, formatDateTime, PageTitle } from "@/app/components/card";
import { listRecentUsers, requireSession } from "@/lib/server/auth/session";
import { hasRole } from "@/lib/shared/auth/roles";

export const metadata: Metadata = { title: "Admin" };

export default async function AdminPage() {
  const { user } = await requireSession("/admin", true);
  // The gate decided from the signed cache; the page re-checks the role against the database.
  if (!hasRole(user.role, "admin")) forbidden();
  const { users, total } = await listRecentUsers();
  return (
    <>
      <PageTitle title="Users" subtitle={`${total} account${total === 1 ? "" : "s"}; newest first.`} />
      <Card title="All users">
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm" data-testid="users-table">
            <thead className="text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th className="py-2 pr-4 font-medium">Name</th>
                <th className="py-2 pr-4 font-medium">Email</th>
                <th className="py-2 pr-4 font-medium">Role</th>
                <th className="py-2 font-medium">Joined</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {users.map((row) => (
                <tr key={row.id}>
                  <td className="py-2 pr-4">{row.name}</td>
                  <td className="py-2 pr-4 text-slate-600">{row.email}</td>
                  <td className="py-2 pr-4">{row.role ?? "user"}</td>
                  <td className="py-2 text-slate-600">{formatDateTime(row.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
    </>
  );
}

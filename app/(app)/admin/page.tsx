import type { Metadata } from "next";
import Link from "next/link";
import { Card, formatDateTime, PageTitle } from "@/app/components/card";
import { searchUsers, USERS_PAGE_SIZE } from "@/lib/server/admin/users";
import { getDatabase } from "@/lib/server/db/instance";
import { AdminNav } from "./admin-nav";
import { requireAdmin } from "./require-admin";

export const metadata: Metadata = { title: "Admin" };

type Search = Promise<{ q?: string; page?: string }>;

/** Users, newest first, searched by email or name. */
export default async function AdminPage({ searchParams }: { searchParams: Search }) {
  const { q = "", page: pageParam = "0" } = await searchParams;
  await requireAdmin(`/admin${q ? `?q=${encodeURIComponent(q)}` : ""}`);
  const page = Math.max(0, Number.parseInt(pageParam, 10) || 0);
  const { users, total } = await searchUsers(await getDatabase(), q, page);
  const pages = Math.max(1, Math.ceil(total / USERS_PAGE_SIZE));
  const link = (p: number) => `/admin?${new URLSearchParams({ ...(q ? { q } : {}), page: String(p) })}`;
  return (
    <>
      <PageTitle
        title="Users"
        subtitle={`${total} account${total === 1 ? "" : "s"}${q ? ` matching "${q}"` : ""}; newest first.`}
      />
      <AdminNav current="users" />
      <Card title="Find a user">
        <form method="get" className="mb-4 flex gap-2" aria-label="Search users">
          <input
            name="q"
            type="search"
            autoComplete="off"
            defaultValue={q}
            placeholder="Email or name"
            aria-label="Email or name"
            className="min-w-0 flex-1 rounded-md border border-slate-300 px-3 py-2 text-sm"
          />
          <button type="submit" className="rounded-md bg-brand-600 px-4 py-2 text-sm font-semibold text-white">
            Search
          </button>
        </form>
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm" data-testid="users-table">
            <thead className="text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th className="py-2 pr-4 font-medium">Name</th>
                <th className="py-2 pr-4 font-medium">Email</th>
                <th className="py-2 pr-4 font-medium">Role</th>
                <th className="py-2 pr-4 font-medium">Status</th>
                <th className="py-2 font-medium">Joined</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {users.map((row) => (
                <tr key={row.id}>
                  <td className="py-2 pr-4">
                    <Link
                      href={`/admin/users/${encodeURIComponent(row.id)}`}
                      className="font-medium text-brand-600 hover:underline"
                    >
                      {row.name || "(no name)"}
                    </Link>
                  </td>
                  <td className="py-2 pr-4 text-slate-600">{row.email}</td>
                  <td className="py-2 pr-4">{row.role ?? "user"}</td>
                  <td className="py-2 pr-4">
                    {row.banned ? (
                      <span className="text-red-700">banned</span>
                    ) : row.emailVerified ? (
                      "active"
                    ) : (
                      "unconfirmed"
                    )}
                  </td>
                  <td className="py-2 text-slate-600">{formatDateTime(row.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {users.length === 0 && <p className="py-4 text-sm text-slate-500">No user matches.</p>}
        </div>
        {pages > 1 && (
          <p className="mt-4 flex gap-4 text-sm">
            {page > 0 && <Link href={link(page - 1)}>← Newer</Link>}
            <span className="text-slate-500">
              Page {page + 1} of {pages}
            </span>
            {page + 1 < pages && <Link href={link(page + 1)}>Older →</Link>}
          </p>
        )}
      </Card>
    </>
  );
}

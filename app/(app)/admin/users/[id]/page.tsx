import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Card, Details, formatDateTime, PageTitle } from "@/app/components/card";
import { countryName, describeDevice } from "@/app/components/device";
import { describeAddress } from "@/app/components/network-address";
import { SecurityEventList } from "@/app/components/security-events";
import { userWithMethods } from "@/lib/server/admin/users";
import { IPV6_NETWORK_PREFIX } from "@/lib/server/auth/client-ip";
import { asCurrentUser } from "@/lib/server/auth/session";
import { getDatabase } from "@/lib/server/db/instance";
import { organizationsOf } from "@/lib/server/organizations/membership";
import { recentEventsOf } from "@/lib/server/security-log/queries";
import { banAction, revokeSessionsAction, setRoleAction, unbanAction } from "../../actions";
import { AdminNav } from "../../admin-nav";
import { requireAdmin } from "../../require-admin";
import { BanControls, RevokeSessionsForm, RoleForm } from "./admin-forms";

export const metadata: Metadata = { title: "User" };

/** One user: status, sign-in methods, sessions, recent events, and what an admin can do about them. */
export default async function AdminUserPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const admin = await requireAdmin(`/admin/users/${encodeURIComponent(id)}`);
  const db = await getDatabase();
  const found = await userWithMethods(db, id);
  if (!found) notFound();
  const { user, methods } = found;
  const self = user.id === admin.user.id;
  const [{ sessions }, events, organizations] = await Promise.all([
    asCurrentUser((api, headers) => api.listUserSessions({ headers, body: { userId: id } })),
    recentEventsOf(db, id, 30),
    organizationsOf(id),
  ]);
  const status = user.banned
    ? `banned${user.banExpires ? ` until ${formatDateTime(user.banExpires)}` : ""}${user.banReason ? ` (${user.banReason})` : ""}`
    : user.emailVerified
      ? "active"
      : "email not confirmed";
  return (
    <>
      <PageTitle title={user.name || user.email} subtitle={user.email} />
      <AdminNav current="users" />
      <div className="grid gap-6">
        <Card title="Account">
          <Details
            items={[
              ["Status", status, "user-status"],
              ["Role", user.role ?? "user", "user-role"],
              ["Signs in with", methods.join(", ") || "no method left", "user-methods"],
              ["Joined", formatDateTime(user.createdAt), "user-joined"],
            ]}
          />
        </Card>
        <Card title={`Sessions (${sessions.length})`}>
          {sessions.length === 0 ? (
            <p className="text-sm text-slate-500">No active session.</p>
          ) : (
            <ul className="divide-y divide-slate-100 text-sm" data-testid="user-sessions">
              {sessions.map((s) => {
                const country = countryName((s as { country?: string | null }).country);
                return (
                  <li key={s.id} className="py-2">
                    <p className="font-medium">{describeDevice(s.userAgent)}</p>
                    <p className="text-slate-500">
                      {country ? `${country} · ` : ""}signed in {formatDateTime(s.createdAt)} · expires{" "}
                      {formatDateTime(s.expiresAt)}
                      {s.ipAddress ? ` · ${describeAddress(s.ipAddress, IPV6_NETWORK_PREFIX)}` : ""}
                    </p>
                  </li>
                );
              })}
            </ul>
          )}
          <div className="mt-4">
            <RevokeSessionsForm userId={user.id} action={revokeSessionsAction} />
          </div>
        </Card>
        <Card title={`Organizations (${organizations.length})`}>
          {organizations.length === 0 ? (
            <p className="text-sm text-slate-500">Not a member of any organization.</p>
          ) : (
            <ul className="divide-y divide-slate-100 text-sm" data-testid="user-organizations">
              {organizations.map((o) => (
                <li key={o.id} className="flex justify-between py-2">
                  <span>
                    <span className="font-medium">{o.name}</span> <span className="text-slate-500">/orgs/{o.slug}</span>
                  </span>
                  <span className="text-slate-700">{o.role}</span>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title="Role">
          <RoleForm
            userId={user.id}
            role={user.role ?? "user"}
            self={self}
            fromAdminEmails={Boolean(user.adminGrantedFor)}
            action={setRoleAction}
          />
        </Card>
        <Card
          title={user.banned ? "Banned" : "Ban"}
          description="A ban ends every session at once and refuses sign-in until it ends or is lifted."
        >
          <BanControls
            userId={user.id}
            banned={Boolean(user.banned)}
            self={self}
            banAction={banAction}
            unbanAction={unbanAction}
          />
        </Card>
        <Card title="Recent security events">
          <SecurityEventList events={events} />
        </Card>
      </div>
    </>
  );
}

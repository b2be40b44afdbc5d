import type { Metadata } from "next";
import { Card, formatDateTime, PageTitle } from "@/app/components/card";
import { countryName, describeDevice } from "@/app/components/device";
import { describeAddress } from "@/app/components/network-address";
import { SecurityEventList } from "@/app/components/security-events";
import { IPV6_NETWORK_PREFIX } from "@/lib/server/auth/client-ip";
import { hasPassword, listOwnSessions, requireSession } from "@/lib/server/auth/session";
import { getDatabase } from "@/lib/server/db/instance";
import { recentEventsOf } from "@/lib/server/security-log/queries";
import { AccountNav } from "../account-nav";
import {
  changePasswordAction,
  confirmIdentityAction,
  deleteAccountAction,
  revokeOtherSessionsAction,
  revokeSessionAction,
} from "./actions";
import { DeleteAccountForm } from "./delete-account-form";
import { PasskeysCard } from "./passkeys-card";
import { PasswordForm } from "./password-form";
import { ProvidersCard } from "./providers-card";
import { TwoFactorCard } from "./two-factor-card";

export const metadata: Metadata = { title: "Security" };

const SUBTITLE =
  "Your devices, passkeys, password, two-factor authentication, recent activity, and deleting your account.";

function RevokeOthers() {
  return (
    <form action={revokeOtherSessionsAction} aria-label="Revoke all other sessions" className="mt-4">
      <button
        type="submit"
        className="rounded-md bg-red-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-red-700"
      >
        Revoke all other sessions
      </button>
    </form>
  );
}

/**
 * Gated at the `fresh` level: the gate asks the auth handler on every request
 * and this page reads the database, so a session revoked on another device
 * is refused at once rather than when its cookie cache expires.
 */
export default async function SecurityPage() {
  const { session: current, user } = await requireSession("/account/security", true);
  const twoFactorEnabled = (user as { twoFactorEnabled?: boolean | null }).twoFactorEnabled === true;
  const [sessions, withPassword, events] = await Promise.all([
    listOwnSessions(),
    hasPassword(),
    getDatabase().then((db) => recentEventsOf(db, user.id)),
  ]);
  const activity = (
    <Card title="Recent activity" description="Sign-ins, failed attempts and changes to your account, newest first.">
      <SecurityEventList events={events} />
    </Card>
  );
  const account = (
    <>
      <PasskeysCard />
      <ProvidersCard />
      {withPassword && (
        <Card title="Password" description="Changing it needs the current one.">
          <PasswordForm action={changePasswordAction} email={user.email} />
        </Card>
      )}
      {withPassword && <TwoFactorCard enabled={twoFactorEnabled} />}
      <Card
        title="Delete account"
        description="Removes your account, your sessions and your sign-in methods. This cannot be undone."
      >
        <DeleteAccountForm hasPassword={withPassword} action={deleteAccountAction} />
      </Card>
    </>
  );
  if (sessions === "confirm-identity") {
    return (
      <>
        <PageTitle title="Security" subtitle={SUBTITLE} />
        <AccountNav current="security" />
        <div className="grid gap-6">
          <Card
            title="Confirm it's you"
            description="You signed in more than a day ago. To see each device, sign in again."
          >
            <form action={confirmIdentityAction} aria-label="Sign in again">
              <button
                type="submit"
                className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-brand-700"
              >
                Sign in again
              </button>
            </form>
            <p className="mt-6 text-sm text-slate-600">
              Lost a device? You can still sign out everywhere else right now:
            </p>
            <RevokeOthers />
          </Card>
          {account}
          {activity}
        </div>
      </>
    );
  }
  const others = sessions.filter((s) => s.id !== current.id);
  return (
    <>
      <PageTitle title="Security" subtitle={SUBTITLE} />
      <AccountNav current="security" />
      <div className="grid gap-6">
        <Card title={`Signed-in devices (${sessions.length})`} description="Revoking one signs it out immediately.">
          <ul className="divide-y divide-slate-100" data-testid="sessions">
            {sessions.map((s) => {
              const country = countryName((s as { country?: string | null }).country);
              return (
                <li key={s.id} className="flex items-center justify-between gap-4 py-3 text-sm" data-session-id={s.id}>
                  <div>
                    <p className="font-medium" data-testid="device">
                      {describeDevice(s.userAgent)}
                      {s.id === current.id && (
                        <span className="ml-2 rounded-full bg-emerald-100 px-2 py-0.5 text-xs text-emerald-800">
                          This device
                        </span>
                      )}
                    </p>
                    <p className="text-slate-500">
                      {country ? `${country} · ` : ""}signed in {formatDateTime(s.createdAt)}
                      {s.ipAddress ? ` · ${describeAddress(s.ipAddress, IPV6_NETWORK_PREFIX)}` : ""}
                    </p>
                  </div>
                  {s.id !== current.id && (
                    <form action={revokeSessionAction} aria-label={`Revoke session ${s.id}`}>
                      <input type="hidden" name="sessionId" value={s.id} />
                      <button
                        type="submit"
                        className="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-100"
                      >
                        Revoke
                      </button>
                    </form>
                  )}
                </li>
              );
            })}
          </ul>
          {others.length > 0 && <RevokeOthers />}
        </Card>
        {account}
        {activity}
      </div>
    </>
  );
}

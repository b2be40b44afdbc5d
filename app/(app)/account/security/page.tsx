import type { Metadata } from "next";
import { Card, formatDateTime, PageTitle } from "@/app/components/card";
import { listOwnSessions, requireSession } from "@/lib/server/auth/session";
import { confirmIdentityAction, revokeOtherSessionsAction, revokeSessionAction } from "./actions";

export const metadata: Metadata = { title: "Security" };

/**
 * Gated at the `fresh` level: the gate asks the auth handler on every request
 * and this page reads the database, so a session revoked on another device
 * is refused at once rather than when its cookie cache expires.
 */
export default async function SecurityPage() {
  const { session: current } = await requireSession("/account/security", true);
  const sessions = await listOwnSessions();
  const revokeOthers = (
    <form action={revokeOtherSessionsAction} aria-label="Revoke all other sessions" className="mt-4">
      <button
        type="submit"
        className="rounded-md bg-red-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-red-700"
      >
        Revoke all other sessions
      </button>
    </form>
  );
  if (sessions === "confirm-identity") {
    return (
      <>
        <PageTitle
          title="Security"
          subtitle="Devices signed in to your account. Revoking one signs it out immediately."
        />
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
          {revokeOthers}
        </Card>
      </>
    );
  }
  const others = sessions.filter((s) => s.id !== current.id);
  return (
    <>
      <PageTitle
        title="Security"
        subtitle="Devices signed in to your account. Revoking one signs it out immediately."
      />
      <Card title={`Active sessions (${sessions.length})`}>
        <ul className="divide-y divide-slate-100" data-testid="sessions">
          {sessions.map((s) => (
            <li key={s.id} className="flex items-center justify-between gap-4 py-3 text-sm" data-session-id={s.id}>
              <div>
                <p className="font-medium">
                  {s.userAgent ? s.userAgent.slice(0, 80) : "Unknown device"}
                  {s.id === current.id && (
                    <span className="ml-2 rounded-full bg-emerald-100 px-2 py-0.5 text-xs text-emerald-800">
                      This device
                    </span>
                  )}
                </p>
                <p className="text-slate-500">
                  {s.ipAddress ?? "unknown address"} · signed in {formatDateTime(s.createdAt)} · expires{" "}
                  {formatDateTime(s.expiresAt)}
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
          ))}
        </ul>
        {others.length > 0 && revokeOthers}
      </Card>
    </>
  );
}

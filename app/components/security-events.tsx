import { formatDateTime } from "@/app/components/card";
import { countryName, describeDevice } from "@/app/components/device";
import { describeAddress } from "@/app/components/network-address";
import { isSecurityEventType, SECURITY_EVENT_TYPES } from "@/lib/server/security-log/events";
import type { SecurityEventRow } from "@/lib/server/security-log/queries";

const METHODS: Record<string, string> = {
  password: "password",
  passkey: "passkey",
  "magic-link": "email link",
  "email-link": "confirmation link",
  "two-factor": "password and code",
  "backup-code": "password and backup code",
  github: "GitHub",
  google: "Google",
  oidc: "single sign-on",
};

function describe(event: SecurityEventRow): string {
  const label = isSecurityEventType(event.type) ? SECURITY_EVENT_TYPES[event.type] : event.type;
  const how = event.method ? ` with ${METHODS[event.method] ?? event.method}` : "";
  if (event.type === "sign-in") return `${event.success ? "Signed in" : "Failed sign-in"}${how}`;
  return `${label}${how}`;
}

/**
 * Security events as people read them: what, when, from where and which
 * device; failures stand out. `showAccount` adds whose event it was (admin views).
 */
export function SecurityEventList({
  events,
  showAccount = false,
}: {
  events: SecurityEventRow[];
  showAccount?: boolean;
}) {
  if (events.length === 0) return <p className="text-sm text-slate-500">Nothing recorded yet.</p>;
  return (
    <ul className="divide-y divide-slate-100" data-testid="security-events">
      {events.map((event) => {
        const country = countryName(event.country);
        return (
          <li key={event.id} className="py-2.5 text-sm" data-event-type={event.type} data-success={event.success}>
            <p className={event.success ? "font-medium" : "font-medium text-red-700"}>
              {describe(event)}
              {event.detail && <span className="font-normal text-slate-500"> · {event.detail}</span>}
              {event.actorId && (
                <span className="font-normal text-slate-500">
                  {/* In an organization, whoever acted is one of its members; elsewhere, a site admin. */}
                  {event.organizationId ? " · by a member of the organization" : " · by an admin"}
                </span>
              )}
            </p>
            <p className="text-slate-500">
              {formatDateTime(event.createdAt)}
              {showAccount && ` · ${event.email ?? event.userId ?? "unknown account"}`}
              {showAccount && event.organizationId && ` · organization ${event.organizationId}`}
              {event.userAgent ? ` · ${describeDevice(event.userAgent)}` : ""}
              {country ? ` · ${country}` : ""}
              {event.ipAddress ? ` · ${describeAddress(event.ipAddress)}` : ""}
            </p>
          </li>
        );
      })}
    </ul>
  );
}

import { formatDateTime } from "@/app/components/card";
import type { SecurityEventRow } from "@/lib/server/security-log/queries";

type Person = { name: string; email: string };

/**
 * An organization's events as sentences: who did what to whom, and when. Not
 * the account view's addresses and devices: members see what happened in the
 * organization, not where each other signs in from.
 */
export function ActivityList({ events, people }: { events: SecurityEventRow[]; people: Map<string, Person> }) {
  if (events.length === 0) return <p className="text-sm text-slate-500">Nothing recorded yet.</p>;
  const named = (id: string | null) => {
    const person = id ? people.get(id) : undefined;
    return person ? `${person.name} (${person.email})` : "a former account";
  };
  return (
    <ul className="divide-y divide-slate-100" data-testid="organization-activity">
      {events.map((event) => (
        <li key={event.id} className="py-2.5 text-sm" data-event-type={event.type}>
          <p className="font-medium">{sentence(event, named)}</p>
          <p className="text-slate-500">{formatDateTime(event.createdAt)}</p>
        </li>
      ))}
    </ul>
  );
}

/** `userId` is whom the event is about; `actorId` who acted, when someone else (lib/server/security-log/organization-events.ts). */
function sentence(event: SecurityEventRow, named: (id: string | null) => string): string {
  const actor = named(event.actorId ?? event.userId);
  const subject = named(event.userId);
  const invitee = event.email ?? "someone";
  const role = event.detail ?? "member";
  switch (event.type) {
    case "organization-created":
      return `${actor} created the organization`;
    case "organization-updated":
      return `${actor} changed its name or address (now ${event.detail})`;
    case "organization-invited":
      return `${actor} invited ${invitee} as ${role}`;
    case "organization-invitation-canceled":
      return `${actor} canceled the invitation of ${invitee} (${role})`;
    case "organization-invitation-declined":
      return `${subject} declined the invitation`;
    case "organization-joined":
      return `${subject} joined as ${role}`;
    case "organization-member-removed":
      return event.actorId ? `${actor} removed ${subject}` : `${subject} removed themselves`;
    case "organization-member-left":
      return `${subject} left`;
    case "organization-role-changed":
      return `${actor} made ${subject} ${role}`;
    case "api-key-created":
      return `${actor} created the API key ${event.detail}`;
    case "api-key-revoked":
      return `${actor} revoked the API key ${event.detail}`;
    default:
      return event.type;
  }
}

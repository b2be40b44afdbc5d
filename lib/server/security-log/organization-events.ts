/**
 * Organization events, read from what an /organization/* endpoint returned
 * once it succeeded, with the caller as the actor. (The plugin's own
 * organizationHooks do not know the actor, `leave` runs none, and accepting an
 * invitation runs no add-member hook: the endpoint's result tells all.)
 *
 * Each row names the organization; `userId` is the person it is about (the
 * member removed, promoted, joining or leaving; the actor for what they did to
 * the organization itself) and `actorId` who did it when that is someone else.
 * An invitation names the invited address, whose account (if any) the
 * recorder looks up after the response.
 */
import type { SecurityEventInput, SecurityEventType } from "./events";

interface Actor {
  id: string;
  email: string;
}

type Row = Record<string, unknown>;
const row = (value: unknown): Row => (value && typeof value === "object" ? (value as Row) : {});
const text = (value: unknown) => (typeof value === "string" ? value : null);

/** The events a successful organization endpoint stands for; none for reads. */
export function organizationEvents(path: string, returned: unknown, actor: Actor, headers: Headers | null) {
  const result = row(returned);
  const event = (type: SecurityEventType, about: Row, fields: Partial<SecurityEventInput>): SecurityEventInput[] => [
    { type, success: true, headers, organizationId: text(about.organizationId ?? about.id), ...fields },
  ];
  /** Someone else acted on this member: the member is who it is about. */
  const onMember = (type: SecurityEventType, member: Row) => {
    const userId = text(member.userId);
    return event(type, member, { userId, actorId: userId === actor.id ? null : actor.id, detail: text(member.role) });
  };
  const self = { userId: actor.id, email: actor.email };
  switch (path) {
    case "/organization/create":
      return event("organization-created", result, { ...self, detail: text(result.slug) });
    case "/organization/update":
      return event("organization-updated", result, { ...self, detail: text(result.slug) });
    case "/organization/delete":
      return event("organization-deleted", result, { ...self, detail: text(result.slug) });
    case "/organization/invite-member":
      return event("organization-invited", result, {
        email: text(result.email),
        actorId: actor.id,
        detail: text(result.role),
      });
    case "/organization/cancel-invitation":
      return event("organization-invitation-canceled", result, {
        email: text(result.email),
        actorId: actor.id,
        detail: text(result.role),
      });
    case "/organization/reject-invitation": {
      const invitation = row(result.invitation);
      return event("organization-invitation-declined", invitation, { ...self, detail: text(invitation.role) });
    }
    case "/organization/accept-invitation": {
      const member = row(result.member);
      return event("organization-joined", member, { ...self, detail: text(member.role) });
    }
    case "/organization/remove-member":
      return onMember("organization-member-removed", row(result.member));
    case "/organization/update-member-role":
      return onMember("organization-role-changed", result);
    case "/organization/leave":
      return event("organization-member-left", result, { ...self, detail: text(result.role) });
    default:
      return [];
  }
}

/**
 * The database reads the organization rules decide on (./organization-policy.ts),
 * one query each. Those that decide whether the caller may see something at
 * all join the caller's own member row, so "no such thing" and "not yours"
 * come back alike: nothing.
 */
import { and, count, eq, inArray, ne, or, sql } from "drizzle-orm";
import * as schema from "@/lib/server/db/schema";
import type { Database } from "@/lib/server/db/types";

const { member, organization, invitation, user } = schema;

/** The caller's membership in one organization: what every organization-scoped rule starts from. */
export interface Scope {
  organizationId: string;
  slug: string;
  role: string;
}

/**
 * Member rows that hold the owner role (one name or a comma-separated list, as the plugin stores roles);
 * the owner trigger (drizzle/0008) reads roles the same way.
 */
const isOwner = sql`'owner' = any(string_to_array(replace(${member.role}, ' ', ''), ','))`;

/** The caller's memberships among the organizations named by id or slug. */
export async function membershipsNamed(
  db: Database,
  userId: string,
  { ids, slugs }: { ids: string[]; slugs: string[] },
): Promise<Scope[]> {
  if (!ids.length && !slugs.length) return [];
  const named = [
    ids.length ? inArray(organization.id, ids) : undefined,
    slugs.length ? inArray(organization.slug, slugs) : undefined,
  ];
  return db
    .select({ organizationId: organization.id, slug: organization.slug, role: member.role })
    .from(member)
    .innerJoin(organization, eq(organization.id, member.organizationId))
    .where(and(eq(member.userId, userId), or(...named)));
}

/** A member of the scope's organization, by member id or by the member's address. */
export async function memberIn(db: Database, organizationId: string, idOrEmail: string) {
  const [found] = await db
    .select({ id: member.id, userId: member.userId, role: member.role })
    .from(member)
    .innerJoin(user, eq(user.id, member.userId))
    .where(
      and(
        eq(member.organizationId, organizationId),
        idOrEmail.includes("@") ? eq(user.email, idOrEmail.toLowerCase()) : eq(member.id, idOrEmail),
      ),
    );
  return found ?? null;
}

export async function ownerCount(db: Database, organizationId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(member)
    .where(and(eq(member.organizationId, organizationId), isOwner));
  return row?.n ?? 0;
}

export interface InvitationRecord {
  id: string;
  organizationId: string;
  email: string;
  role: string | null;
  status: string;
  expiresAt: Date;
}

const invitationFields = {
  id: invitation.id,
  organizationId: invitation.organizationId,
  email: invitation.email,
  role: invitation.role,
  status: invitation.status,
  expiresAt: invitation.expiresAt,
};

export async function invitationById(db: Database, id: string): Promise<InvitationRecord | null> {
  const [found] = await db.select(invitationFields).from(invitation).where(eq(invitation.id, id));
  return found ?? null;
}

/** An invitation of an organization the caller belongs to, with the caller's role there. */
export async function invitationInMembersOrganization(db: Database, id: string, userId: string) {
  const [found] = await db
    .select({ invitation: invitationFields, role: member.role })
    .from(invitation)
    .innerJoin(member, and(eq(member.organizationId, invitation.organizationId), eq(member.userId, userId)))
    .where(eq(invitation.id, id));
  return found ?? null;
}

/** The pending invitation of `email` to the organization (the one a resend would send again). */
export async function pendingInvitationOf(db: Database, organizationId: string, email: string) {
  const [found] = await db
    .select(invitationFields)
    .from(invitation)
    .where(
      and(
        eq(invitation.organizationId, organizationId),
        eq(invitation.email, email.toLowerCase()),
        eq(invitation.status, "pending"),
      ),
    );
  return found ?? null;
}

/** The organizations `userId` owns alone: deleting the account would leave them without an owner. */
export function organizationsOwnedAlone(db: Database, userId: string): Promise<{ slug: string }[]> {
  const otherOwner = db
    .select({ one: sql`1` })
    .from(member)
    .where(and(eq(member.organizationId, organization.id), ne(member.userId, userId), isOwner));
  return db
    .select({ slug: organization.slug })
    .from(member)
    .innerJoin(organization, eq(organization.id, member.organizationId))
    .where(and(eq(member.userId, userId), isOwner, sql`not exists ${otherOwner}`))
    .orderBy(organization.slug);
}

/**
 * An organization's members and open invitations, for its members page. The
 * organization id must come from a verified membership (./membership.ts);
 * changes go through Better Auth's endpoints, which check permissions again.
 */
import { and, asc, eq } from "drizzle-orm";
import { getDatabase } from "@/lib/server/db/instance";
import * as schema from "@/lib/server/db/schema";

export async function membersOf(organizationId: string) {
  const db = await getDatabase();
  return db
    .select({
      id: schema.member.id,
      userId: schema.member.userId,
      role: schema.member.role,
      name: schema.user.name,
      email: schema.user.email,
    })
    .from(schema.member)
    .innerJoin(schema.user, eq(schema.user.id, schema.member.userId))
    .where(eq(schema.member.organizationId, organizationId))
    .orderBy(asc(schema.member.createdAt));
}

export type OrganizationMember = Awaited<ReturnType<typeof membersOf>>[number];

/** Invitations not yet answered, expired ones included: resending gives them seven more days. */
export async function pendingInvitationsOf(organizationId: string) {
  const db = await getDatabase();
  return db
    .select({
      id: schema.invitation.id,
      email: schema.invitation.email,
      role: schema.invitation.role,
      expiresAt: schema.invitation.expiresAt,
    })
    .from(schema.invitation)
    .where(and(eq(schema.invitation.organizationId, organizationId), eq(schema.invitation.status, "pending")))
    .orderBy(asc(schema.invitation.createdAt));
}

export type PendingInvitation = Awaited<ReturnType<typeof pendingInvitationsOf>>[number];

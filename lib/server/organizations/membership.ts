/**
 * Who belongs where, read from the database. Every organization page and
 * action starts with membershipBySlug: the organization and the caller's
 * member row in one query, so "no such organization" and "not a member" are
 * the same answer (null → 404), and every organization-scoped read or write
 * afterwards uses the id from this result, never one from the URL or a form.
 */
import { and, asc, eq } from "drizzle-orm";
import { getDatabase } from "@/lib/server/db/instance";
import * as schema from "@/lib/server/db/schema";
import type { Database } from "@/lib/server/db/types";

export interface Membership {
  organization: { id: string; name: string; slug: string; createdAt: Date };
  member: { id: string; role: string };
}

export async function membershipBySlug(userId: string, slug: string): Promise<Membership | null> {
  return membershipIn(await getDatabase(), userId, { slug });
}

/**
 * The same read on a given database, by slug or by id: the auth plugins get
 * theirs from the auth config (the gate's check, the active organization's
 * columns, access tokens' organization claim).
 */
export async function membershipIn(
  db: Database,
  userId: string,
  organization: { slug: string } | { id: string },
): Promise<Membership | null> {
  const named =
    "slug" in organization
      ? eq(schema.organization.slug, organization.slug)
      : eq(schema.organization.id, organization.id);
  const [row] = await db
    .select({
      organization: {
        id: schema.organization.id,
        name: schema.organization.name,
        slug: schema.organization.slug,
        createdAt: schema.organization.createdAt,
      },
      member: { id: schema.member.id, role: schema.member.role },
    })
    .from(schema.member)
    .innerJoin(schema.organization, eq(schema.organization.id, schema.member.organizationId))
    .where(and(named, eq(schema.member.userId, userId)))
    .limit(1);
  return row ?? null;
}

export interface OwnOrganization {
  id: string;
  name: string;
  slug: string;
  role: string;
}

/** The organizations a person belongs to, with their role in each, by name (the list page and the header). */
export async function organizationsOf(userId: string): Promise<OwnOrganization[]> {
  const db = await getDatabase();
  return db
    .select({
      id: schema.organization.id,
      name: schema.organization.name,
      slug: schema.organization.slug,
      role: schema.member.role,
    })
    .from(schema.member)
    .innerJoin(schema.organization, eq(schema.organization.id, schema.member.organizationId))
    .where(eq(schema.member.userId, userId))
    .orderBy(asc(schema.organization.name), asc(schema.organization.slug));
}

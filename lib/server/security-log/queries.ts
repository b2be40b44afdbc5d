/**
 * Reading the security log: a person's own recent events, an organization's
 * activity, and the admins' filtered view of all.
 */
import { and, desc, eq, gte, ilike, inArray, lt, or, type SQL } from "drizzle-orm";
import { securityEvent } from "@/lib/server/db/app-schema";
import { containsPattern } from "@/lib/server/db/like";
import * as schema from "@/lib/server/db/schema";
import type { Database } from "@/lib/server/db/types";
import type { SecurityEventType } from "./events";

export type SecurityEventRow = typeof securityEvent.$inferSelect;

/** The newest events of one account, its own failed sign-ins included. */
export function recentEventsOf(db: Database, userId: string, limit = 20): Promise<SecurityEventRow[]> {
  return db
    .select()
    .from(securityEvent)
    .where(eq(securityEvent.userId, userId))
    .orderBy(desc(securityEvent.createdAt))
    .limit(limit);
}

/**
 * An organization's events, newest first: `limit` of them, older than
 * `before` when paging on. The id must come from a verified membership
 * (lib/server/organizations/membership.ts), never from the request.
 */
export function organizationActivity(
  db: Database,
  organizationId: string,
  { limit, before }: { limit: number; before?: Date },
): Promise<SecurityEventRow[]> {
  const where = eq(securityEvent.organizationId, organizationId);
  return db
    .select()
    .from(securityEvent)
    .where(before ? and(where, lt(securityEvent.createdAt, before)) : where)
    .orderBy(desc(securityEvent.createdAt))
    .limit(limit);
}

/** Names and addresses of the accounts events name (those that still exist), by id. */
export async function accountsByIds(
  db: Database,
  ids: string[],
): Promise<Map<string, { name: string; email: string }>> {
  const wanted = [...new Set(ids)];
  if (!wanted.length) return new Map();
  const rows = await db
    .select({ id: schema.user.id, name: schema.user.name, email: schema.user.email })
    .from(schema.user)
    .where(inArray(schema.user.id, wanted));
  return new Map(rows.map(({ id, ...person }) => [id, person]));
}

export interface EventFilter {
  /** Part of an address, a user id or an organization id. */
  who?: string;
  type?: SecurityEventType;
  outcome?: "success" | "failure";
  since?: Date;
  limit?: number;
}

export const ADMIN_PAGE_SIZE = 100;

export function findEvents(db: Database, filter: EventFilter): Promise<SecurityEventRow[]> {
  const conditions: SQL[] = [];
  if (filter.who) {
    const who = filter.who.trim();
    // An address finds the events that name it and those of the account that has it now.
    const owner = db
      .select({ id: schema.user.id })
      .from(schema.user)
      .where(ilike(schema.user.email, containsPattern(who)));
    conditions.push(
      who.includes("@")
        ? or(ilike(securityEvent.email, containsPattern(who)), inArray(securityEvent.userId, owner))!
        : or(eq(securityEvent.userId, who), eq(securityEvent.organizationId, who))!,
    );
  }
  if (filter.type) conditions.push(eq(securityEvent.type, filter.type));
  if (filter.outcome) conditions.push(eq(securityEvent.success, filter.outcome === "success"));
  if (filter.since) conditions.push(gte(securityEvent.createdAt, filter.since));
  return db
    .select()
    .from(securityEvent)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(securityEvent.createdAt))
    .limit(filter.limit ?? ADMIN_PAGE_SIZE);
}

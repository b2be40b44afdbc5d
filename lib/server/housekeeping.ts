/**
 * The scheduled clean-up (app/api/cron/housekeeping) of every table that
 * would otherwise only grow: security events older than the retention
 * period, expired verification rows (Better Auth prunes them only now and
 * then, when one is read), expired sessions (Better Auth deletes one only
 * when it is presented), and rate-limit counters whose window ended long ago.
 *
 * Each kind is deleted in batches of BATCH rows, so no statement holds locks
 * on, or runs as long as, a table's whole backlog; a run stops starting
 * batches after TIME_BUDGET_MS and leaves the rest to the next run. The kinds
 * run side by side and apart: one that is slow or fails stops none of the
 * others, and the result says which failed (by error name and code only).
 */
import { and, inArray, lt, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import { securityEvent } from "@/lib/server/db/app-schema";
import { describeError } from "@/lib/server/db/errors";
import { rateLimit, session, verification } from "@/lib/server/db/schema";
import { asPg, type Database } from "@/lib/server/db/types";

const DAY_MS = 24 * 60 * 60 * 1000;
/** Longer than any rate-limit window (the longest is an hour). */
const RATE_LIMIT_KEEP_MS = DAY_MS;
export const BATCH = 500;
/** Well inside what a scheduler waits for (Workers' Cron Triggers, Vercel Cron). */
const TIME_BUDGET_MS = 20_000;

export const HOUSEKEEPING_KINDS = ["securityEvents", "verifications", "sessions", "rateLimits"] as const;
export type HousekeepingKind = (typeof HOUSEKEEPING_KINDS)[number];

export type HousekeepingResult = Record<HousekeepingKind, number> & {
  /** Kinds whose deletion failed, with the error's name and code (never its parameters). */
  failed: Partial<Record<HousekeepingKind, string>>;
  /** Kinds with rows left over for the next run (the time budget ran out). */
  unfinished: HousekeepingKind[];
};

interface Target {
  table: PgTable;
  id: PgColumn;
  expired: SQL | undefined;
}

function targets(retentionDays: number, now: Date): Record<HousekeepingKind, Target> {
  return {
    securityEvents: {
      table: securityEvent,
      id: securityEvent.id,
      expired: lt(securityEvent.createdAt, new Date(now.getTime() - retentionDays * DAY_MS)),
    },
    verifications: { table: verification, id: verification.id, expired: lt(verification.expiresAt, now) },
    sessions: { table: session, id: session.id, expired: lt(session.expiresAt, now) },
    rateLimits: {
      table: rateLimit,
      id: rateLimit.id,
      expired: lt(rateLimit.lastRequest, now.getTime() - RATE_LIMIT_KEEP_MS),
    },
  };
}

/** Deletes one batch of `target`'s expired rows; how many went. */
async function deleteBatch(db: Database, { table, id, expired }: Target): Promise<number> {
  const batch = asPg(db).select({ id }).from(table).where(expired).limit(BATCH);
  const removed = await asPg(db)
    .delete(table)
    .where(and(inArray(id, batch), expired))
    .returning({ id });
  return removed.length;
}

export async function runHousekeeping(
  db: Database,
  retentionDays: number,
  now = new Date(),
  budgetMs = TIME_BUDGET_MS,
): Promise<HousekeepingResult> {
  const stopAt = Date.now() + budgetMs;
  const result: HousekeepingResult = {
    securityEvents: 0,
    verifications: 0,
    sessions: 0,
    rateLimits: 0,
    failed: {},
    unfinished: [],
  };
  const all = targets(retentionDays, now);
  await Promise.all(
    HOUSEKEEPING_KINDS.map(async (kind) => {
      try {
        for (;;) {
          if (Date.now() >= stopAt) {
            result.unfinished.push(kind);
            return;
          }
          const removed = await deleteBatch(db, all[kind]);
          result[kind] += removed;
          if (removed < BATCH) return;
        }
      } catch (error) {
        result.failed[kind] = describeError(error);
      }
    }),
  );
  return result;
}

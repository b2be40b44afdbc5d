/**
 * The scheduled clean-up (app/api/cron/housekeeping): security events older
 * than the retention period, expired verification tokens (Better Auth prunes
 * them only now and then, when one is read), and rate-limit counters whose
 * window ended long ago.
 */
import { lt } from "drizzle-orm";
import { securityEvent } from "@/lib/server/db/app-schema";
import { rateLimit, verification } from "@/lib/server/db/schema";
import { asPg, type Database } from "@/lib/server/db/types";

const DAY_MS = 24 * 60 * 60 * 1000;
/** Longer than any rate-limit window (the longest is 15 minutes). */
const RATE_LIMIT_KEEP_MS = DAY_MS;

export interface HousekeepingResult {
  securityEvents: number;
  verifications: number;
  rateLimits: number;
}

export async function runHousekeeping(
  db: Database,
  retentionDays: number,
  now = new Date(),
): Promise<HousekeepingResult> {
  const events = await asPg(db)
    .delete(securityEvent)
    .where(lt(securityEvent.createdAt, new Date(now.getTime() - retentionDays * DAY_MS)))
    .returning({ id: securityEvent.id });
  const verifications = await asPg(db)
    .delete(verification)
    .where(lt(verification.expiresAt, now))
    .returning({ id: verification.id });
  const counters = await asPg(db)
    .delete(rateLimit)
    .where(lt(rateLimit.lastRequest, now.getTime() - RATE_LIMIT_KEEP_MS))
    .returning({ id: rateLimit.id });
  return { securityEvents: events.length, verifications: verifications.length, rateLimits: counters.length };
}

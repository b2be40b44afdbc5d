/**
 * Rate-limit counters that every process and Worker isolate share: one row
 * per key in Postgres (`rate_limit`, Better Auth's table), counted in a single
 * atomic statement. Better Auth's own database storage does the same in two or
 * three round trips (read, then a conditional update, retried on a race); one
 * INSERT … ON CONFLICT … RETURNING does it in one, which matters because it
 * runs before every auth request. Postgres serialises the conflicting upserts
 * on the row, so N simultaneous requests get counts 1…N and exactly `max` of
 * them pass.
 *
 * A window starts at a key's first request and lasts `window` seconds; the
 * requests refused inside it count too, so a client that keeps hammering
 * stays refused until the window ends, never longer.
 */

import type { BetterAuthRateLimitStorage } from "better-auth";
import { sql } from "drizzle-orm";
import { rateLimit } from "@/lib/server/db/schema";
import { asPg, type Database } from "@/lib/server/db/types";
import { toBase64Url } from "@/lib/shared/base64url";
import { hmacKey, hmacOf } from "@/lib/shared/hmac";
import type { EndpointRoutes } from "./endpoint-routes";

export interface Consumed {
  allowed: boolean;
  /** Seconds until the window ends, when refused. */
  retryAfter: number | null;
  /** This request's number within the window. */
  count: number;
}

/**
 * A counter's key for something the table must not reveal (an email address, a device): the
 * prefix and the HMAC, with the app secret, of the prefix and `value`; the prefix inside the MAC
 * too, so no other use of the secret signs the same message. Without the secret, a list of
 * addresses cannot be matched against the table.
 */
export function secretKey(secret: string, prefix: string, value: string): string {
  return prefix + toBase64Url(hmacOf(hmacKey(secret), prefix + value));
}

/** Counts one request against `key`; allowed while the window holds at most `max`. */
export async function consume(db: Database, key: string, rule: { window: number; max: number }): Promise<Consumed> {
  const now = Date.now();
  const windowStart = now - rule.window * 1000;
  const expired = sql`${rateLimit.lastRequest} <= ${windowStart}`;
  const [row] = await asPg(db)
    .insert(rateLimit)
    // A fresh id: a second unique value shared with `key` would raise a conflict ON CONFLICT does not handle.
    .values({ id: crypto.randomUUID(), key, count: 1, lastRequest: now })
    .onConflictDoUpdate({
      target: rateLimit.key,
      set: {
        // lastRequest holds the start of the current window.
        count: sql`case when ${expired} then 1 else ${rateLimit.count} + 1 end`,
        lastRequest: sql`case when ${expired} then ${now} else ${rateLimit.lastRequest} end`,
      },
    })
    .returning({ count: rateLimit.count, lastRequest: rateLimit.lastRequest });
  if (!row) throw new Error(`rate limit: no row for ${key}`);
  const allowed = row.count <= rule.max;
  // Clamped: the window may have been started by a request whose clock read a little later
  // (a concurrent request, another instance), which must not stretch the answer past `window`.
  const retryAfter = allowed
    ? null
    : Math.min(rule.window, Math.max(1, Math.ceil((Number(row.lastRequest) + rule.window * 1000 - now) / 1000)));
  return { allowed, retryAfter, count: row.count };
}

/**
 * Whether `key`'s current window already holds more than `max` (the seconds
 * until it ends), without counting: for limits on failures, read before the
 * attempt and counted only when it fails.
 */
export async function exceeded(
  db: Database,
  key: string,
  rule: { window: number; max: number },
): Promise<number | null> {
  const now = Date.now();
  const [row] = await asPg(db)
    .select({ count: rateLimit.count, lastRequest: rateLimit.lastRequest })
    .from(rateLimit)
    .where(sql`${rateLimit.key} = ${key} and ${rateLimit.lastRequest} > ${now - rule.window * 1000}`);
  if (!row || row.count < rule.max) return null;
  return Math.min(rule.window, Math.max(1, Math.ceil((Number(row.lastRequest) + rule.window * 1000 - now) / 1000)));
}

/** Gives back one request of `key`'s current window (one that turned out not to count). */
export async function refund(db: Database, key: string): Promise<void> {
  await db
    .update(rateLimit)
    .set({ count: sql`greatest(${rateLimit.count} - 1, 0)` })
    .where(sql`${rateLimit.key} = ${key}`);
}

/** Ends `key`'s window at once. */
export async function reset(db: Database, key: string): Promise<void> {
  await db.delete(rateLimit).where(sql`${rateLimit.key} = ${key}`);
}

/**
 * Better Auth's rate-limit storage over `consume`. Better Auth keys a request
 * `<client address>|<path>`; counted here per endpoint (./endpoint-routes.ts):
 * a path that names no endpoint is let through uncounted, to the router's 404
 * (a bucket per made-up path would never fill, and a long one would overflow
 * the key's index), and a path with a parameter counts as its pattern.
 */
export function sharedRateLimitStorage(db: Database, routes: () => EndpointRoutes): BetterAuthRateLimitStorage {
  return {
    async consume(key, rule) {
      const split = key.indexOf("|");
      const endpoint = routes()(key.slice(split + 1));
      if (split < 0 || endpoint === null) return { allowed: true, retryAfter: null };
      const { allowed, retryAfter } = await consume(db, `${key.slice(0, split)}|${endpoint}`, rule);
      return { allowed, retryAfter };
    },
  };
}

/**
 * Writes security events after the response (the same scheduling as mail:
 * `after()` on Node and Vercel, the Worker's waitUntil through OpenNext), so
 * recording never delays, changes or breaks the request it records. A failed
 * write is logged, with the event, and the request is unaffected.
 */
import { eq } from "drizzle-orm";
import { CLIENT_COUNTRY_HEADER } from "@/lib/server/auth/client-country";
import { CLIENT_IP_HEADER } from "@/lib/server/auth/client-ip";
import { storedIdentifier } from "@/lib/server/auth/verification-identifiers";
import { securityEvent } from "@/lib/server/db/app-schema";
import { describeError } from "@/lib/server/db/errors";
import * as schema from "@/lib/server/db/schema";
import type { Database } from "@/lib/server/db/types";
import type { SecurityEventInput } from "./events";

export interface SecurityLog {
  record(event: SecurityEventInput): void;
}

/**
 * The most each field keeps, in UTF-16 code units. Much of an event is what a
 * client typed or sent (the address of a failed sign-in, a passkey's name, the
 * user agent), and the table is indexed: nobody may write more than this.
 */
export const FIELD_LIMITS = {
  id: 64, // user and actor ids: Better Auth's are 32 characters
  email: 254, // the longest address SMTP can carry (RFC 5321)
  method: 64,
  ipAddress: 64,
  userAgent: 512,
  country: 16,
  detail: 256,
} as const;

/** `text` cut to `max` code units, never through a surrogate pair (Postgres refuses half of one). */
function capped(text: string | null | undefined, max: number): string | null {
  if (text === null || text === undefined) return null;
  if (text.length <= max) return text;
  const cut = /[\uD800-\uDBFF]/.test(text[max - 1]!) ? max - 1 : max;
  return text.slice(0, cut);
}

type Row = typeof securityEvent.$inferInsert;

function toRow(event: SecurityEventInput, now: Date): Row {
  const { headers } = event;
  return {
    id: crypto.randomUUID(),
    createdAt: now,
    type: event.type,
    success: event.success,
    userId: capped(event.userId, FIELD_LIMITS.id),
    email: capped(event.email?.toLowerCase(), FIELD_LIMITS.email),
    method: capped(event.method, FIELD_LIMITS.method),
    actorId: capped(event.actorId, FIELD_LIMITS.id),
    ipAddress: capped(headers?.get(CLIENT_IP_HEADER), FIELD_LIMITS.ipAddress),
    userAgent: capped(headers?.get("user-agent"), FIELD_LIMITS.userAgent),
    country: capped(headers?.get(CLIENT_COUNTRY_HEADER), FIELD_LIMITS.country),
    detail: capped(event.detail, FIELD_LIMITS.detail),
    organizationId: capped(event.organizationId, FIELD_LIMITS.id),
  };
}

/** `schedule` runs a task after the response; tests pass one that runs it at once. */
export function createSecurityLog(db: Database, schedule: (task: () => Promise<void>) => void): SecurityLog {
  return {
    record(event) {
      // The time of the event, not of the write; the rest of the request is not waited for.
      const row = toRow(event, new Date());
      schedule(async () => {
        try {
          if (!row.userId && event.pendingSignIn) {
            const [pending] = await db
              .select({ userId: schema.verification.value })
              .from(schema.verification)
              .where(eq(schema.verification.identifier, await storedIdentifier(event.pendingSignIn)));
            row.userId = pending?.userId ?? null;
          }
          // A failed sign-in names an address: the account it belongs to, if any, is looked up here,
          // after the response, so the answer is the same whether or not it exists.
          if (!row.userId && row.email) {
            const [owner] = await db
              .select({ id: schema.user.id })
              .from(schema.user)
              // Better Auth stores addresses in lower case, as row.email is: the unique index serves this.
              .where(eq(schema.user.email, row.email));
            row.userId = owner?.id ?? null;
          }
          await db.insert(securityEvent).values(row);
        } catch (error) {
          console.error(
            `[security-log] could not record ${row.type} (${row.success ? "success" : "failure"}) for ${row.userId ?? "no known account"}: ${describeError(error)}`,
          );
        }
      });
    },
  };
}

/**
 * Writes security events after the response (the same scheduling as mail:
 * `after()` on Node and Vercel, the Worker's waitUntil through OpenNext), so
 * recording never delays, changes or breaks the request it records. A failed
 * write is logged, with the event, and the request is unaffected.
 */
import { eq } from "drizzle-orm";
import { CLIENT_COUNTRY_HEADER } from "@/lib/server/auth/client-country";
import { CLIENT_IP_HEADER } from "@/lib/server/auth/client-ip";
import { securityEvent } from "@/lib/server/db/app-schema";
import * as schema from "@/lib/server/db/schema";
import type { Database } from "@/lib/server/db/types";
import type { SecurityEventInput } from "./events";

export interface SecurityLog {
  record(event: SecurityEventInput): void;
}

const MAX_USER_AGENT = 512;

type Row = typeof securityEvent.$inferInsert;

function toRow(event: SecurityEventInput, now: Date): Row {
  const { headers } = event;
  return {
    id: crypto.randomUUID(),
    createdAt: now,
    type: event.type,
    success: event.success,
    userId: event.userId ?? null,
    email: event.email?.toLowerCase() ?? null,
    method: event.method ?? null,
    actorId: event.actorId ?? null,
    ipAddress: headers?.get(CLIENT_IP_HEADER) ?? null,
    userAgent: headers?.get("user-agent")?.slice(0, MAX_USER_AGENT) ?? null,
    country: headers?.get(CLIENT_COUNTRY_HEADER) ?? null,
    detail: event.detail ?? null,
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
              .where(eq(schema.verification.identifier, event.pendingSignIn));
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
            `[security-log] could not record ${row.type} (${row.success ? "success" : "failure"}) for ${row.userId ?? row.email ?? "unknown"}:`,
            error,
          );
        }
      });
    },
  };
}

/**
 * The security log for in-process auth instances: the real recorder on the
 * real database, with writes run at once instead of after a response, and a
 * way to wait for them before reading the table.
 */
import type { Database } from "@/lib/server/db/types";
import { createSecurityLog, type SecurityLog } from "@/lib/server/security-log/recorder";

export interface TestSecurityLog extends SecurityLog {
  /** Resolves once every write scheduled so far has finished. */
  flush(): Promise<void>;
}

export function testSecurityLog(db: Database): TestSecurityLog {
  const writes: Promise<void>[] = [];
  const log = createSecurityLog(db, (task) => {
    writes.push(task());
  });
  return {
    record: (event) => log.record(event),
    flush: async () => {
      await Promise.all(writes);
    },
  };
}

/**
 * The app's Better Auth instance (configured in ./config.ts), one per process
 * or Worker isolate, on the app's database handle (lib/server/db/instance.ts).
 */
import { after } from "next/server";
import { getDatabase } from "@/lib/server/db/instance";
import { serverEnv } from "@/lib/server/env";
import { createMailer } from "@/lib/server/mail/mailer";
import { createSecurityLog } from "@/lib/server/security-log/recorder";
import { type Auth, createAuth } from "./config";

let auth: Promise<Auth> | undefined;

export function getAuth(): Promise<Auth> {
  auth ??= (async () => {
    const config = serverEnv();
    // Mail and security events go out after the response: after() runs on next start, Vercel and,
    // through waitUntil, in a Worker.
    const schedule = (task: () => Promise<void>) => after(task);
    const db = await getDatabase();
    return createAuth(db, config, {
      mailer: createMailer(config.mail, schedule),
      securityLog: createSecurityLog(db, schedule),
      schedule,
    });
  })().catch((error: unknown) => {
    auth = undefined; // let the next request retry (e.g. after a fixed configuration)
    throw error;
  });
  return auth;
}

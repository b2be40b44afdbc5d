/**
 * The app's Better Auth instance (configured in ./config.ts), one per process
 * or Worker isolate. Safe to share: its database client holds no connection
 * between requests (lib/server/db/neon.ts).
 */
import { after } from "next/server";
import { openDatabase } from "@/lib/server/db";
import { serverEnv } from "@/lib/server/env";
import { createMailer } from "@/lib/server/mail/mailer";
import { type Auth, createAuth } from "./config";

let auth: Promise<Auth> | undefined;

export function getAuth(): Promise<Auth> {
  auth ??= (async () => {
    const config = serverEnv();
    // Mail goes out after the response: after() runs on next start, Vercel and, through waitUntil, in a Worker.
    const mailer = createMailer(config.mail, (task) => after(task));
    return createAuth(await openDatabase(config), config, { mailer });
  })().catch((error: unknown) => {
    auth = undefined; // let the next request retry (e.g. after a fixed configuration)
    throw error;
  });
  return auth;
}

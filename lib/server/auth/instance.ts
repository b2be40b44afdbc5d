/**
 * The app's Better Auth instance (configured in ./config.ts), one per process
 * or Worker isolate. Safe to share: its database client holds no connection
 * between requests (lib/server/db/neon.ts).
 */
import { openDatabase } from "@/lib/server/db";
import { serverEnv } from "@/lib/server/env";
import { type Auth, createAuth } from "./config";

let auth: Promise<Auth> | undefined;

export function getAuth(): Promise<Auth> {
  auth ??= (async () => {
    const config = serverEnv();
    return createAuth(await openDatabase(config), config);
  })().catch((error: unknown) => {
    auth = undefined; // let the next request retry (e.g. after a fixed configuration)
    throw error;
  });
  return auth;
}

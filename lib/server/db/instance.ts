/**
 * The app's database handle, one per process or Worker isolate, shared by
 * Better Auth (lib/server/auth/instance.ts) and the app's own reads and
 * writes. Safe to share: it holds no connection between requests (./neon.ts).
 */
import { serverEnv } from "@/lib/server/env";
import { openDatabase } from ".";
import type { Database } from "./types";

let database: Promise<Database> | undefined;

export function getDatabase(): Promise<Database> {
  database ??= openDatabase(serverEnv()).catch((error: unknown) => {
    database = undefined; // let the next request retry (e.g. after a fixed configuration)
    throw error;
  });
  return database;
}

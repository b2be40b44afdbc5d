/**
 * Picks the database: Neon's serverless driver when DATABASE_URL is set,
 * otherwise the embedded PGlite under .data/ (development only; production
 * without DATABASE_URL is refused by readServerEnv). Both handles are safe to
 * keep for the life of the process or Worker isolate (see neon.ts).
 */
import { resolve } from "node:path";
import type { ServerEnv } from "@/lib/config/env";
import type { Database } from "./types";

export async function openDatabase(env: Pick<ServerEnv, "databaseUrl" | "embeddedDataDir">): Promise<Database> {
  if (env.databaseUrl) {
    const { neonDatabase } = await import("./neon");
    return neonDatabase(env.databaseUrl);
  }
  // Imported lazily so PGlite (WebAssembly, ~10 MB) is never loaded when a URL is set.
  const { openEmbedded } = await import("./embedded");
  return (await openEmbedded(resolve(env.embeddedDataDir))).db;
}

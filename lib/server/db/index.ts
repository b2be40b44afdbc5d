/**
 * Picks the database: Neon's serverless driver when DATABASE_URL is set,
 * otherwise the embedded PGlite under .data/ (development only; production
 * without DATABASE_URL is refused by readServerEnv). Both handles are safe to
 * keep for the life of the process or Worker isolate (see neon.ts).
 */
import { resolve } from "node:path";
import type { ServerEnv } from "@/lib/shared/env";
import type { Database } from "./types";

export async function openDatabase(
  env: Pick<ServerEnv, "databaseUrl" | "databaseTimeoutMs" | "embeddedDataDir">,
): Promise<Database> {
  if (env.databaseUrl) {
    const { neonDatabase } = await import("./neon");
    return neonDatabase(env.databaseUrl, env.databaseTimeoutMs);
  }
  // The bundler replaces NODE_ENV, so production builds drop this branch and
  // its import(): no PGlite (WebAssembly, ~10 MB) in the Cloudflare Worker or
  // Vercel's functions. In development it is imported only without a URL.
  if (process.env.NODE_ENV !== "production") {
    const { openEmbedded } = await import("./embedded");
    return (await openEmbedded(resolve(env.embeddedDataDir))).db;
  }
  throw new Error("DATABASE_URL is not set: the embedded database is for development only");
}

/**
 * Picks the database: Neon's serverless driver when DATABASE_URL is set,
 * otherwise the embedded PGlite under .data/ (development only; production
 * without DATABASE_URL is refused by readServerEnv).
 */
import { resolve } from "node:path";
import type { ServerEnv } from "@/lib/config/env";
import type { DatabaseHandle } from "./types";

/**
 * A handle for one request. Neon handles must be closed by the caller; the
 * embedded one is shared by the process, so its per-request close is a no-op.
 */
export async function openDatabase(env: Pick<ServerEnv, "databaseUrl" | "embeddedDataDir">): Promise<DatabaseHandle> {
  if (env.databaseUrl) {
    const { connectNeon } = await import("./neon");
    return connectNeon(env.databaseUrl);
  }
  // Production never gets here (readServerEnv requires DATABASE_URL there). The
  // bundler replaces NODE_ENV, so in production builds this branch and its
  // import() disappear: no PGlite (WebAssembly, ~10 MB) in the Cloudflare Worker
  // or in Vercel's functions. Elsewhere it is imported lazily, only without a URL.
  if (process.env.NODE_ENV !== "production") {
    const { openEmbedded } = await import("./embedded");
    const shared = await openEmbedded(resolve(env.embeddedDataDir));
    return { db: shared.db, close: async () => {} };
  }
  throw new Error("DATABASE_URL is not set: the embedded database is for development only");
}

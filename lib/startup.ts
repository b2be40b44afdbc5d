/**
 * Start-up of a Node server instance (`next dev`, `next start`):
 * - validates the environment, so a misconfigured deploy stops here with a
 *   message naming each variable instead of failing on the first request;
 * - opens the embedded database when there is no DATABASE_URL, so migrations
 *   run before the first page and a second process on the same folder is
 *   refused at start-up;
 * - keeps the gate's `Vary: Cookie` on pages (see merge-vary.ts).
 */
import { readServerEnv } from "@/lib/config/env";
import { openDatabase } from "@/lib/db";
import { mergeVaryHeaders } from "@/lib/merge-vary";

export async function startServer(): Promise<void> {
  mergeVaryHeaders();
  try {
    const env = readServerEnv(process.env);
    if (!env.databaseUrl) await openDatabase(env);
  } catch (error) {
    console.error(`\n${(error as Error).message}\n`);
    process.exit(1);
  }
}

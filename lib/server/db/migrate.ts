/**
 * Applies the committed SQL migrations (drizzle/) through Neon's WebSocket
 * driver, the one the app uses for transactions, so `npm run db:migrate`
 * works against Neon and against the local stand-in alike. drizzle's
 * journal makes it idempotent.
 */

import { join } from "node:path";
import { drizzle } from "drizzle-orm/neon-serverless";
import { migrate } from "drizzle-orm/neon-serverless/migrator";
import { openPool } from "./neon";

export const MIGRATIONS_FOLDER = join(process.cwd(), "drizzle");

export async function migrateDatabase(databaseUrl: string): Promise<void> {
  const pool = openPool(databaseUrl);
  try {
    await migrate(drizzle({ client: pool }), { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await pool.end();
  }
}

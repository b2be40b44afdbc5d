/**
 * Applies the committed SQL migrations (drizzle/) through the same Neon
 * driver the app uses, so `npm run db:migrate` works against Neon and against
 * the local stand-in alike. drizzle's journal makes it idempotent.
 */
import { migrate } from "drizzle-orm/neon-serverless/migrator";
import { join } from "node:path";
import { connectNeon } from "./neon";
import type { NeonDatabase } from "drizzle-orm/neon-serverless";
import type { Schema } from "./types";

export const MIGRATIONS_FOLDER = join(process.cwd(), "drizzle");

export async function migrateDatabase(databaseUrl: string): Promise<void> {
  const handle = connectNeon(databaseUrl);
  try {
    await migrate(handle.db as NeonDatabase<Schema>, { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await handle.close();
  }
}

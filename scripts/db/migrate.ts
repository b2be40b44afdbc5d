/** `npm run db:migrate`: applies drizzle/ migrations to DATABASE_URL. */
import { migrateDatabase } from "../../lib/server/db/migrate";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set. Example: DATABASE_URL=postgres://user:pass@host/db npm run db:migrate");
  process.exit(1);
}
try {
  await migrateDatabase(url);
  console.log(`Migrations applied to ${new URL(url).host}${new URL(url).pathname}.`);
} catch (error) {
  console.error(`Migration failed: ${(error as Error).message}`);
  process.exit(1);
}

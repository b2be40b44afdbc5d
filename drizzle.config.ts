// drizzle-kit only generates SQL here (`npm run db:generate`); migrations are
// applied through the app's own driver by `npm run db:migrate`.
import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: ["./lib/server/db/schema.ts", "./lib/server/db/app-schema.ts"],
  out: "./drizzle",
});

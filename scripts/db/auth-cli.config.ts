/**
 * Entry point for Better Auth's CLI (`npm run db:schema`), which reads the
 * auth options to generate lib/server/db/schema.ts. It never touches a database:
 * drizzle's mock stands in for one.
 */
import { drizzle } from "drizzle-orm/pglite";
import { createAuth } from "../../lib/server/auth/config";
import * as schema from "../../lib/server/db/schema";
import { readServerEnv } from "../../lib/shared/env";

export const auth = createAuth(
  drizzle.mock({ schema }),
  readServerEnv({ BETTER_AUTH_SECRET: "schema-generation-only-".padEnd(40, "x") }),
  // The CLI only reads the options: nothing is ever sent or recorded.
  { mailer: { send() {} }, securityLog: { record() {} }, schedule: () => {} },
);

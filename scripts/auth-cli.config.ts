/**
 * Entry point for Better Auth's CLI (`npm run db:schema`), which reads the
 * auth options to generate lib/db/schema.ts. It never touches a database:
 * drizzle's mock stands in for one.
 */
import { drizzle } from "drizzle-orm/pglite";
import { createAuth } from "../lib/auth/create-auth";
import { readServerEnv } from "../lib/config/env";
import * as schema from "../lib/db/schema";

export const auth = createAuth(
  drizzle.mock({ schema }),
  readServerEnv({ BETTER_AUTH_SECRET: "schema-generation-only-".padEnd(40, "x") }),
);

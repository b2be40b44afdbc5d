import type { NeonDatabase } from "drizzle-orm/neon-serverless";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import type * as schema from "./schema";

export type Schema = typeof schema;
export type Database = NeonDatabase<Schema> | PgliteDatabase<Schema>;

/** A database handle and the way to let go of it once the request is done. */
export interface DatabaseHandle {
  db: Database;
  close(): Promise<void>;
}

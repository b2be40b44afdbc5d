import type { NeonHttpDatabase } from "drizzle-orm/neon-http";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import type * as schema from "./schema";

export type Schema = typeof schema;
export type Database = NeonHttpDatabase<Schema> | PgliteDatabase<Schema>;

/**
 * Both drivers' databases are PgDatabases; TypeScript cannot call some
 * builder methods (returning()) on their union, so queries that need them
 * go through this view of the same object.
 */
export function asPg(db: Database): PgDatabase<PgQueryResultHKT, Schema> {
  return db as PgDatabase<PgQueryResultHKT, Schema>;
}

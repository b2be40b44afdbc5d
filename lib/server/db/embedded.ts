/**
 * The zero-set-up database: PGlite (Postgres compiled to WebAssembly) in a
 * folder on disk, migrated on open. Development only; one process at a time.
 */
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { drizzle, type PgliteDatabase } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import { MIGRATIONS_FOLDER } from "./migrate";
import { acquireProcessLock } from "./process-lock";
import * as schema from "./schema";

/** The embedded database, shared by the process; close() is for tests and shutdown. */
export interface EmbeddedDatabase {
  db: PgliteDatabase<typeof schema>;
  close(): Promise<void>;
}

async function open(dataDir: string, forget: () => void): Promise<EmbeddedDatabase> {
  const release = acquireProcessLock(`${dataDir}.lock`);
  try {
    // pg_trgm: the search indexes (drizzle/0005) need it; PGlite loads contrib extensions on request.
    const client = await PGlite.create(dataDir, { extensions: { pg_trgm } });
    const db = drizzle({ client, schema });
    await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    return {
      db,
      close: async () => {
        forget();
        await client.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

// One instance per data directory per process, kept on globalThis so that
// dev-server hot reloads reuse it instead of opening the directory twice.
const shared = globalThis as { __edgegateEmbedded?: Map<string, Promise<EmbeddedDatabase>> };
shared.__edgegateEmbedded ??= new Map();
const registry = shared.__edgegateEmbedded;

export function openEmbedded(dataDir: string): Promise<EmbeddedDatabase> {
  let handle = registry.get(dataDir);
  if (!handle) {
    const forget = () => registry.delete(dataDir);
    handle = open(dataDir, forget);
    registry.set(dataDir, handle);
    handle.catch(forget);
  }
  return handle;
}

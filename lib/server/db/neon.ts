/**
 * Neon's serverless driver, each protocol where it is best:
 * - single statements over HTTP (`neon()`): one round trip per query, nothing
 *   to open or close, so the client is stateless and safe to share across
 *   requests on Workers;
 * - transactions over WebSocket (`Pool`), opened for that one transaction and
 *   closed when it ends: HTTP cannot run interactive transactions, and sign-up
 *   must write user, account and session atomically.
 * The README's "Database driver" section has the measurements behind this.
 */
import { neon, neonConfig, Pool } from "@neondatabase/serverless";
import { drizzle as drizzleHttp } from "drizzle-orm/neon-http";
import { drizzle as drizzleWebSocket } from "drizzle-orm/neon-serverless";
import { isLoopbackHost } from "@/lib/shared/loopback";
import * as schema from "./schema";
import type { Database } from "./types";

/**
 * A loopback DATABASE_URL names a local stand-in for Neon's endpoint (see
 * `npm run db:local`): plain http:// and ws:// on the URL's own host and port.
 * Real Neon hosts are never loopback, so production keeps the driver's defaults.
 */
function configureForHost(hostname: string): void {
  if (!isLoopbackHost(hostname)) return;
  neonConfig.fetchEndpoint = (host, port) => `http://${host}:${port}/sql`;
  neonConfig.wsProxy = (host, port) => `${host}:${port}/v2`;
  neonConfig.useSecureWebSocket = false;
}

/** A WebSocket pool for work that needs a real session (transactions, migrations); end it when done. */
export function openPool(databaseUrl: string): Pool {
  configureForHost(new URL(databaseUrl).hostname);
  const pool = new Pool({ connectionString: databaseUrl });
  // A broken idle connection must not crash the process; the next query reports it.
  pool.on("error", (error: Error) => console.error("[db] connection error:", error.message));
  return pool;
}

export function neonDatabase(databaseUrl: string): Database {
  configureForHost(new URL(databaseUrl).hostname);
  const http = drizzleHttp({ client: neon(databaseUrl), schema });
  type Work = Parameters<ReturnType<typeof drizzleWebSocket<typeof schema>>["transaction"]>[0];
  async function transaction(work: Work) {
    const pool = openPool(databaseUrl);
    try {
      return await drizzleWebSocket({ client: pool, schema }).transaction(work);
    } finally {
      await pool.end();
    }
  }
  return new Proxy(http, {
    get: (target, key, receiver) => (key === "transaction" ? transaction : Reflect.get(target, key, receiver)),
  }) as unknown as Database;
}

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
import { DEFAULT_DATABASE_TIMEOUT_MS } from "@/lib/shared/env";
import { isLoopbackHost } from "@/lib/shared/loopback";
import { fetchWithDeadline, isDatabaseUnavailable, unavailable, withDeadline } from "./deadline";
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

/**
 * A WebSocket pool for work that needs a real session (transactions, migrations); end it when done.
 * With `timeoutMs`, connecting and each query give up after that long.
 */
export function openPool(databaseUrl: string, timeoutMs?: number): Pool {
  configureForHost(new URL(databaseUrl).hostname);
  const pool = new Pool({
    connectionString: databaseUrl,
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs,
  });
  // A broken idle connection must not crash the process; the next query reports it.
  pool.on("error", (error: Error) => console.error("[db] connection error:", error.message));
  return pool;
}

/** Every statement and transaction gives up after `timeoutMs` (./deadline.ts). */
export function neonDatabase(databaseUrl: string, timeoutMs = DEFAULT_DATABASE_TIMEOUT_MS): Database {
  configureForHost(new URL(databaseUrl).hostname);
  neonConfig.fetchFunction = fetchWithDeadline(timeoutMs);
  const http = drizzleHttp({ client: neon(databaseUrl), schema });
  type Work = Parameters<ReturnType<typeof drizzleWebSocket<typeof schema>>["transaction"]>[0];
  async function transaction(work: Work) {
    const pool = openPool(databaseUrl, timeoutMs);
    let finished = false;
    try {
      const result = await withDeadline(drizzleWebSocket({ client: pool, schema }).transaction(work), timeoutMs);
      finished = true;
      return result;
    } catch (error) {
      finished = !isDatabaseUnavailable(error);
      throw finished ? error : unavailable(error);
    } finally {
      // Closed before the answer goes out, unless the database hangs: then closing would hang too, so
      // it is left to finish in the background, once the database answers or the socket is dropped.
      if (finished) await pool.end();
      else void pool.end().catch(() => {});
    }
  }
  return new Proxy(http, {
    get: (target, key, receiver) => (key === "transaction" ? transaction : Reflect.get(target, key, receiver)),
  }) as unknown as Database;
}

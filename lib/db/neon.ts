/**
 * Neon's serverless driver over WebSocket (`Pool`): speaks the Postgres
 * protocol, so drizzle can run interactive transactions (sign-up writes user,
 * account and session atomically). The HTTP driver cannot; see the README's
 * "Database driver" section for the measured trade-off.
 *
 * A pool is opened per request and closed when the response is done: Workers
 * forbid reusing a socket opened by another request. The pool connects lazily,
 * so a request that never queries (cookie-cache hit) opens no connection.
 */
import { Pool, neonConfig } from "@neondatabase/serverless";
import { drizzle } from "drizzle-orm/neon-serverless";
import * as schema from "./schema";
import type { DatabaseHandle } from "./types";

function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || hostname === "127.0.0.1" || hostname === "[::1]";
}

/**
 * A loopback DATABASE_URL names a local stand-in for Neon's endpoint (see
 * `npm run db:local`): plain ws:// on the URL's own host and port. Real Neon
 * hosts are never loopback, so production keeps the driver's defaults.
 */
function configureForHost(hostname: string): void {
  if (!isLoopback(hostname)) return;
  neonConfig.wsProxy = (host, port) => `${host}:${port}/v2`;
  neonConfig.useSecureWebSocket = false;
}

export function connectNeon(databaseUrl: string): DatabaseHandle {
  configureForHost(new URL(databaseUrl).hostname);
  const pool = new Pool({ connectionString: databaseUrl });
  // A broken idle connection must not crash the process; the next query reports it.
  pool.on("error", (error: Error) => console.error("[db] idle connection error:", error.message));
  return {
    db: drizzle({ client: pool, schema }),
    close: () => pool.end(),
  };
}

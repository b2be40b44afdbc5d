/**
 * Neon's serverless driver, each protocol where it is best:
 * - single statements over HTTP (`neon()`): one round trip per query, nothing
 *   to open or close, so the client is stateless and safe to share across
 *   requests on Workers;
 * - transactions over WebSocket (`Pool`), opened for that one transaction and
 *   closed when it ends: HTTP cannot run interactive transactions, and sign-up
 *   must write user, account and session atomically.
 * docs/database.md says why; docs/benchmarks.md ("Database path") has the
 * measurements behind it.
 */
import { Client, type ClientConfig, neon, neonConfig, Pool, type PoolClient } from "@neondatabase/serverless";
import { drizzle as drizzleHttp } from "drizzle-orm/neon-http";
import { drizzle as drizzleWebSocket } from "drizzle-orm/neon-serverless";
import { DEFAULT_DATABASE_TIMEOUT_MS } from "@/lib/shared/env";
import { isLoopbackHost } from "@/lib/shared/loopback";
import {
  DatabaseUnavailableError,
  fetchWithDeadline,
  isDatabaseUnavailable,
  unavailable,
  withDeadline,
} from "./deadline";
import { describeError } from "./errors";
import * as schema from "./schema";
import type { Database } from "./types";

/*
 * Each database's settings stay with its own pool clients and neon() function, never in the
 * process-wide `neonConfig`, so that two databases in one process (tests, the benchmarks, a
 * stand-in next to Neon) keep their own deadline and endpoint. The one exception is the driver's
 * HTTP `fetchFunction`, which it reads from `neonConfig` alone: it is set once, the same for every
 * database, to run the fetch that the calling neon() function passes in its `fetchOptions` (which
 * the driver merges into each call's init), and plain fetch, the driver's default, for any other.
 */
const OWN_FETCH = Symbol("edgegate.neonFetch");
type OwnFetch = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

neonConfig.fetchFunction = (input: RequestInfo | URL, init?: RequestInit & { [OWN_FETCH]?: OwnFetch }) => {
  const own = init?.[OWN_FETCH];
  if (!own) return fetch(input, init);
  const rest = { ...init };
  delete rest[OWN_FETCH];
  return own(input, rest);
};

/**
 * A loopback DATABASE_URL names a local stand-in for Neon's endpoint (see
 * `npm run db:local`): plain http:// and ws:// on the URL's own host and port.
 * Real Neon hosts are never loopback, and keep the driver's defaults.
 */
const isStandIn = (databaseUrl: string) => isLoopbackHost(new URL(databaseUrl).hostname);

/** Neon's WebSocket client, reaching a stand-in over ws:// at /v2 on its own port. */
class StandInClient extends Client {
  constructor(config?: string | ClientConfig) {
    super(config);
    this.neonConfig.wsProxy = (host, port) => `${host}:${port}/v2`;
    this.neonConfig.useSecureWebSocket = false;
  }
}

/** A WebSocket pool for work that needs a real session (transactions, migrations); end it when done. */
export function openPool(databaseUrl: string): Pool {
  const pool = new Pool({ connectionString: databaseUrl });
  if (isStandIn(databaseUrl)) pool.Client = StandInClient;
  // A broken idle connection must not crash the process; the next query reports it.
  pool.on("error", (error: Error) => console.error(`[db] connection error: ${describeError(error)}`));
  return pool;
}

/**
 * A pool that gives connecting, and each statement of its clients, `timeoutMs`. A statement past it
 * ends its connection, so the transaction neither waits as long again for its
 * ROLLBACK nor commits after the caller was told it failed. The deadline is
 * per statement, not per transaction: Better Auth hashes the password inside
 * sign-up's transaction, and a burst of sign-ups hashing at once (200 took
 * 13 s on two cores) is not a database that hangs.
 */
function withStatementDeadlines(pool: Pool, timeoutMs: number): Pool {
  const connect = pool.connect.bind(pool) as () => Promise<PoolClient>;
  pool.connect = (async () => {
    const connecting = connect();
    const client = await withDeadline(connecting, timeoutMs).catch((error: unknown) => {
      // A connection Postgres refuses mid-handshake ("too many clients") can leave pg-pool's connect
      // unsettled for good; one that arrives late is closed.
      void connecting.then((late) => late.release(true)).catch(() => {});
      throw error;
    });
    const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
    let ended: DatabaseUnavailableError | undefined;
    client.query = (async (...args: unknown[]) => {
      // After a deadline, drizzle's ROLLBACK must fail as unavailable too, not hide why with its own error.
      if (ended) throw unavailable(ended);
      try {
        return await withDeadline(query(...args), timeoutMs);
      } catch (error) {
        if (isDatabaseUnavailable(error)) {
          ended = new DatabaseUnavailableError("database: connection ended after a failed statement", { cause: error });
          // A PoolClient is a Client (its type leaves `end` out); drizzle still releases it afterwards.
          void (client as unknown as Client).end().catch(() => {});
        }
        throw error;
      }
    }) as typeof client.query;
    return client;
  }) as typeof pool.connect;
  return pool;
}

/** Every statement, over HTTP or in a transaction, gives up after `timeoutMs` (./deadline.ts). */
export function neonDatabase(databaseUrl: string, timeoutMs = DEFAULT_DATABASE_TIMEOUT_MS): Database {
  const deadlineFetch = fetchWithDeadline(timeoutMs);
  // The driver computes Neon's endpoint (https://api.<host>/sql); a stand-in answers at /sql on its own port.
  const standIn = isStandIn(databaseUrl) ? `http://${new URL(databaseUrl).host}/sql` : undefined;
  const own: OwnFetch = (input, init) => deadlineFetch(standIn ?? input, init);
  const http = drizzleHttp({ client: neon(databaseUrl, { fetchOptions: { [OWN_FETCH]: own } }), schema });
  type Work = Parameters<ReturnType<typeof drizzleWebSocket<typeof schema>>["transaction"]>[0];
  async function transaction(work: Work) {
    const pool = withStatementDeadlines(openPool(databaseUrl), timeoutMs);
    let clean = false;
    try {
      const result = await drizzleWebSocket({ client: pool, schema }).transaction(work);
      clean = true;
      return result;
    } catch (error) {
      throw isDatabaseUnavailable(error) ? unavailable(error) : error;
    } finally {
      // Closed before the answer goes out when all went well. After a failure the connection may be
      // broken or hanging, and ending the pool can then wait for ever (pg-pool waits for a client that
      // is never released), so it is left to finish in the background.
      if (clean) await pool.end();
      else void pool.end().catch(() => {});
    }
  }
  return new Proxy(http, {
    get: (target, key, receiver) => (key === "transaction" ? transaction : Reflect.get(target, key, receiver)),
  }) as unknown as Database;
}

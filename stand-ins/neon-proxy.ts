/**
 * A local stand-in for Neon's endpoint in front of a real Postgres, on one
 * loopback port, speaking both of Neon's protocols:
 * - WebSocket at /v2: raw Postgres wire protocol, bridged to TCP (what
 *   `Pool`/`Client` use);
 * - POST /sql: Neon's JSON-over-HTTP query API (what `neon()` uses).
 * Connection strings point at this port; lib/server/db/neon.ts treats a loopback
 * host as this stand-in.
 *
 * Distance (`rttMs`, STANDIN_DB_RTT_MS through ./local-db.ts): the round trip
 * between the app and a database far away, added faithfully so that what
 * costs at distance, the number of sequential round trips, costs here too:
 * - HTTP: one round trip per request, plus two for a new connection (TCP and
 *   TLS 1.3 handshakes, as to Neon's HTTPS endpoint);
 * - WebSocket: three for the connection (TCP, TLS, the upgrade), then half a
 *   round trip each way for every message, in order, so each exchange of the
 *   Postgres protocol (startup, a query, BEGIN … COMMIT) costs one.
 * `roundTrips()` counts what the app waited for: HTTP requests and connection
 * set-ups, and each time a WebSocket client speaks after hearing the server
 * (but for its goodbye). Node's fetch keeps up to two connections warm for
 * back-to-back requests, so the second request pays the handshakes too.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { connect, type Socket } from "node:net";
import pg from "pg";
import { WebSocketServer } from "ws";

export interface NeonProxy {
  port: number;
  /** The added round-trip time, in milliseconds (0: loopback as it is). */
  rttMs: number;
  /** Sequential round trips the clients waited for since start (see above). */
  roundTrips(): number;
  /** HTTP queries (statements) served since start. */
  httpQueries(): number;
  /** WebSocket connections opened since start. */
  webSocketsOpened(): number;
  /** HTTP requests being served and WebSockets open now: work the app is still waiting for (0 when idle). */
  busy(): number;
  close(): Promise<void>;
}

interface SqlQuery {
  query: string;
  params?: unknown[];
}

const rawText = { getTypeParser: () => (value: string) => value };

function toNeonResult(result: pg.QueryResult, arrayMode: boolean) {
  return {
    fields: result.fields.map((f) => ({
      name: f.name,
      dataTypeID: f.dataTypeID,
      tableID: f.tableID,
      columnID: f.columnID,
      dataTypeSize: f.dataTypeSize,
      dataTypeModifier: f.dataTypeModifier,
      format: f.format,
    })),
    rows: result.rows,
    command: result.command,
    rowCount: result.rowCount,
    rowAsArray: arrayMode,
  };
}

/** Handshakes before a new connection carries anything: TCP and TLS 1.3 (one round trip each). */
const CONNECTION_SETUP_ROUND_TRIPS = 2;

/** The Postgres protocol's Terminate message type. */
const TERMINATE = 0x58;

/** At no distance, no timer either: the stand-in behaves exactly as it did before distance existed. */
const sleep = (ms: number) => (ms > 0 ? new Promise<void>((resolve) => setTimeout(resolve, ms)) : Promise.resolve());

export async function startNeonProxy(postgresPort: number, port = 0, rttMs = 0): Promise<NeonProxy> {
  if (!Number.isFinite(rttMs) || rttMs < 0) throw new Error(`rttMs must be a non-negative number, not ${rttMs}`);
  const sockets = new Set<Socket>();
  const pools = new Map<string, pg.Pool>();
  const connectedSockets = new WeakSet<Socket>();
  let queries = 0;
  let webSockets = 0;
  let roundTrips = 0;
  let busy = 0;

  /** The round trips an HTTP request waits for: its own, and the handshakes of a new connection. */
  function httpRoundTrips(req: IncomingMessage): number {
    if (connectedSockets.has(req.socket)) return 1;
    connectedSockets.add(req.socket);
    return 1 + CONNECTION_SETUP_ROUND_TRIPS;
  }

  /** Half a round trip, in order: timers of equal delay fire in the order they were set. */
  const oneWay = (deliver: () => void) => (rttMs > 0 ? setTimeout(deliver, rttMs / 2) : deliver());

  function poolFor(connectionString: string): pg.Pool {
    let pool = pools.get(connectionString);
    if (!pool) {
      const url = new URL(connectionString);
      url.host = `127.0.0.1:${postgresPort}`;
      // Named, so tests can tell the stand-in's own connections from the app's.
      url.searchParams.set("application_name", "neon-http-standin");
      pool = new pg.Pool({ connectionString: url.toString(), max: 10 });
      pool.on("error", () => {}); // reported per query instead
      pools.set(connectionString, pool);
    }
    return pool;
  }

  async function handleSql(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body = "";
    for await (const chunk of req) body += chunk;
    const connectionString = req.headers["neon-connection-string"];
    const arrayMode = req.headers["neon-array-mode"] === "true";
    const reply = (status: number, payload: unknown) => {
      const body = JSON.stringify(payload);
      res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
      res.end(body);
    };
    if (typeof connectionString !== "string") return reply(400, { message: "missing Neon-Connection-String" });
    const payload = JSON.parse(body) as SqlQuery | { queries: SqlQuery[] };
    const run = async (client: pg.PoolClient | pg.Pool, q: SqlQuery) => {
      queries++;
      const config = { text: q.query, values: q.params ?? [], types: rawText };
      const result = arrayMode ? await client.query({ ...config, rowMode: "array" }) : await client.query(config);
      return toNeonResult(result, arrayMode);
    };
    try {
      if ("queries" in payload) {
        // A batch is one transaction, as on Neon.
        const client = await poolFor(connectionString).connect();
        try {
          await client.query("BEGIN");
          const results = [];
          for (const q of payload.queries) results.push(await run(client, q));
          await client.query("COMMIT");
          reply(200, { results });
        } catch (error) {
          await client.query("ROLLBACK").catch(() => {});
          throw error;
        } finally {
          client.release();
        }
      } else {
        reply(200, await run(poolFor(connectionString), payload));
      }
    } catch (error) {
      const e = error as pg.DatabaseError;
      // As Neon's endpoint does: a Postgres error (it has a SQLSTATE) is a 400 carrying it; failing to
      // reach Postgres at all is a 500 ("Couldn't connect to compute node", code "").
      if (typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code))
        reply(400, { message: e.message, code: e.code, detail: e.detail, severity: e.severity });
      else reply(500, { message: `Couldn't connect to compute node: ${e.message}`, code: "" });
    }
  }

  const server = createServer((req, res) => {
    if (req.method === "POST" && req.url?.startsWith("/sql")) {
      const waits = httpRoundTrips(req);
      roundTrips += waits;
      busy++;
      res.once("close", () => busy--);
      sleep(rttMs * waits)
        .then(() => handleSql(req, res))
        .catch((error) => {
          res.writeHead(500);
          res.end(String(error));
        });
      return;
    }
    res.writeHead(404);
    res.end();
  });

  const wss = new WebSocketServer({ noServer: true });
  server.on("upgrade", async (req, socket, head) => {
    if (!req.url?.startsWith("/v2")) return socket.destroy();
    // TCP, TLS and the upgrade itself.
    roundTrips += CONNECTION_SETUP_ROUND_TRIPS + 1;
    busy++;
    socket.once("close", () => busy--);
    await sleep(rttMs * (CONNECTION_SETUP_ROUND_TRIPS + 1));
    if (socket.destroyed) return;
    wss.handleUpgrade(req, socket, head, (ws) => {
      webSockets++;
      const tcp = connect(postgresPort, "127.0.0.1");
      sockets.add(tcp);
      // Whose turn it is: a client speaking after the server has is a new exchange (a round trip waited for).
      let serverSpokeLast = true;
      tcp.on("data", (data) => {
        serverSpokeLast = true;
        oneWay(() => ws.send(data));
      });
      tcp.on("close", () => {
        sockets.delete(tcp);
        oneWay(() => ws.close());
      });
      tcp.on("error", () => ws.close());
      ws.on("message", (data) => {
        // Terminate ("X") is a goodbye nobody waits for.
        if (serverSpokeLast && (data as Buffer)[0] !== TERMINATE) roundTrips++;
        serverSpokeLast = false;
        oneWay(() => tcp.write(data as Buffer));
      });
      ws.on("close", () => oneWay(() => tcp.end()));
      ws.on("error", () => tcp.destroy());
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject); // e.g. EADDRINUSE: the caller says which port and cleans up
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  if (!address || typeof address !== "object") throw new Error("proxy did not bind");
  return {
    port: address.port,
    rttMs,
    roundTrips: () => roundTrips,
    httpQueries: () => queries,
    webSocketsOpened: () => webSockets,
    busy: () => busy,
    async close() {
      for (const s of sockets) s.destroy();
      for (const client of wss.clients) client.terminate();
      await Promise.all([...pools.values()].map((p) => p.end()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

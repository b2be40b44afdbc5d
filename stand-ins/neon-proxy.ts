/**
 * A local stand-in for Neon's endpoint in front of a real Postgres, on one
 * loopback port, speaking both of Neon's protocols:
 * - WebSocket at /v2: raw Postgres wire protocol, bridged to TCP (what
 *   `Pool`/`Client` use);
 * - POST /sql: Neon's JSON-over-HTTP query API (what `neon()` uses).
 * Connection strings point at this port; lib/server/db/neon.ts treats a loopback
 * host as this stand-in.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { connect, type Socket } from "node:net";
import pg from "pg";
import { WebSocketServer } from "ws";

export interface NeonProxy {
  port: number;
  /** HTTP queries (statements) served since start. */
  httpQueries(): number;
  /** WebSocket connections opened since start. */
  webSocketsOpened(): number;
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

export async function startNeonProxy(postgresPort: number, port = 0): Promise<NeonProxy> {
  const sockets = new Set<Socket>();
  const pools = new Map<string, pg.Pool>();
  let queries = 0;
  let webSockets = 0;

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
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(payload));
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
      handleSql(req, res).catch((error) => {
        res.writeHead(500);
        res.end(String(error));
      });
      return;
    }
    res.writeHead(404);
    res.end();
  });

  const wss = new WebSocketServer({ noServer: true });
  server.on("upgrade", (req, socket, head) => {
    if (!req.url?.startsWith("/v2")) return socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => {
      webSockets++;
      const tcp = connect(postgresPort, "127.0.0.1");
      sockets.add(tcp);
      tcp.on("data", (data) => ws.send(data));
      tcp.on("close", () => {
        sockets.delete(tcp);
        ws.close();
      });
      tcp.on("error", () => ws.close());
      ws.on("message", (data) => tcp.write(data as Buffer));
      ws.on("close", () => tcp.end());
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
    httpQueries: () => queries,
    webSocketsOpened: () => webSockets,
    async close() {
      for (const s of sockets) s.destroy();
      for (const client of wss.clients) client.terminate();
      await Promise.all([...pools.values()].map((p) => p.end()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

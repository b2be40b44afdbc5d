/**
 * Which database openDatabase (lib/server/db/index.ts) picks, proven by what
 * Postgres sees rather than by a class name: with DATABASE_URL, Neon's driver
 * on that database, each statement over HTTP (served by the stand-in's
 * `neon-http-standin` connections) and each transaction over a WebSocket of
 * its own (the driver's connection, named by the driver); nothing connects
 * before the first query. Production without DATABASE_URL is refused.
 */
import { type AddressInfo, createServer } from "node:net";
import { sql } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { openDatabase } from "@/lib/server/db";
import { createTestDatabase, type TestDatabase } from "../support/database";

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterEach(() => vi.unstubAllEnvs());

const whoAsks = sql`select current_database() as database, current_setting('application_name') as client`;

describe("openDatabase with DATABASE_URL", () => {
  it("connects to nothing until a query runs", async () => {
    let connections = 0;
    const listener = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
    const { port } = listener.address() as AddressInfo;
    try {
      const database = await openDatabase({
        databaseUrl: `postgres://u:p@127.0.0.1:${port}/none`,
        databaseTimeoutMs: 2000,
        embeddedDataDir: "/none",
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(connections).toBe(0);
      await expect(database.execute(sql`select 1`)).rejects.toThrow();
      expect(connections).toBe(1);
    } finally {
      listener.close();
    }
  });

  it("runs statements over Neon's HTTP endpoint and transactions over a WebSocket, on that database", async () => {
    const database = await openDatabase({ databaseUrl: db.url, databaseTimeoutMs: 5000, embeddedDataDir: "/none" });
    const statement = await database.execute(whoAsks);
    expect(statement.rows).toEqual([{ database: db.name, client: "neon-http-standin" }]);
    const transaction = await database.transaction(async (tx) => (await tx.execute(whoAsks)).rows);
    expect(transaction).toEqual([{ database: db.name, client: expect.stringMatching(/^pkg:npm\/.*serverless@/) }]);
  });
});

describe("openDatabase without DATABASE_URL", () => {
  it("refuses in production: the embedded database is for development only", async () => {
    vi.stubEnv("NODE_ENV", "production");
    await expect(
      openDatabase({ databaseUrl: undefined, databaseTimeoutMs: 5000, embeddedDataDir: "/none" }),
    ).rejects.toThrow("DATABASE_URL is not set: the embedded database is for development only");
  });
});

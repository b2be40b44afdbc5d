/**
 * Deadlines on the app's database client (lib/server/db/neon.ts) against real
 * Postgres through the Neon stand-in: each statement has one, a transaction as
 * a whole does not (Better Auth hashes the password inside sign-up's), a
 * statement past its deadline ends the transaction without committing it, and
 * a connection Postgres refuses fails at once as unavailable instead of
 * leaving the transaction waiting for ever. Two databases in one process keep
 * their own deadline and endpoint, whichever was opened last.
 */
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { isDatabaseUnavailable } from "@/lib/server/db/deadline";
import { neonDatabase } from "@/lib/server/db/neon";
import { asPg } from "@/lib/server/db/types";
import { createTestDatabase, type TestDatabase } from "../support/database";

const DEADLINE_MS = 1500;
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  await db.query("create table probe (id text primary key)");
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function rows(id: string): Promise<number> {
  return (await db.query("select id from probe where id = $1", [id])).length;
}

describe("a transaction", () => {
  it("may take longer than the deadline between its statements, and commits", async () => {
    const id = randomBytes(4).toString("hex");
    await neonDatabase(db.url, DEADLINE_MS).transaction(async (tx) => {
      await tx.execute(sql`insert into probe values (${id})`);
      await pause(DEADLINE_MS * 1.5); // e.g. a password hash waiting its turn
      await tx.execute(sql`select 1`);
    });
    expect(await rows(id)).toBe(1);
  });

  it("fails as unavailable when one statement outlives the deadline, and commits nothing", async () => {
    const id = randomBytes(4).toString("hex");
    const started = Date.now();
    const failure = await neonDatabase(db.url, DEADLINE_MS)
      .transaction(async (tx) => {
        await tx.execute(sql`insert into probe values (${id})`);
        await tx.execute(sql`select pg_sleep(4)`);
      })
      .catch((error: unknown) => error);
    expect(isDatabaseUnavailable(failure)).toBe(true);
    // The connection was ended at the deadline: no ROLLBACK queued behind the stuck statement for a
    // second deadline, and nothing left to commit once the statement finishes.
    expect(Date.now() - started).toBeLessThan(DEADLINE_MS * 2);
    await pause(4500 - (Date.now() - started));
    expect(await rows(id)).toBe(0);
  });

  it("fails at once as unavailable when Postgres refuses the connection (too many connections)", async () => {
    const role = `limited_${randomBytes(4).toString("hex")}`;
    await db.query(`create role ${role} login password 'limited' connection limit 1`);
    await db.query(`grant all on table probe to ${role}`);
    const url = new URL(db.url);
    url.username = role;
    url.password = "limited";
    const limited = neonDatabase(url.toString(), DEADLINE_MS * 5);
    let release = () => {};
    let holds = () => {};
    const held = new Promise<void>((resolve) => (holds = resolve));
    const holding = limited.transaction(async (tx) => {
      await tx.execute(sql`select 1`);
      holds();
      await new Promise<void>((resolve) => (release = resolve));
    });
    await held; // the role's one connection is taken
    const started = Date.now();
    const refused = await limited.transaction(async (tx) => tx.execute(sql`select 1`)).catch((error: unknown) => error);
    release();
    await holding;
    // 53300 too_many_connections, told apart from a wrong query, long before even the short deadline.
    expect(isDatabaseUnavailable(refused)).toBe(true);
    expect(Date.now() - started).toBeLessThan(DEADLINE_MS);
  });
});

describe("two databases in one process", () => {
  afterEach(() => vi.unstubAllGlobals());

  const failure = (work: Promise<unknown>) =>
    work.then(
      () => null,
      (error: unknown) => error,
    );

  it("keep their own deadlines, whichever was opened last", async () => {
    const short = 300;
    const long = 5000;
    const opened = [neonDatabase(db.url, short), neonDatabase(db.url, long), neonDatabase(db.url, short)];
    const outcomes = await Promise.all(opened.map((d) => failure(d.execute(sql`select pg_sleep(1)`))));
    expect(outcomes.map(isDatabaseUnavailable)).toEqual([true, false, true]);
    expect(outcomes[1]).toBeNull();
  });

  it("a stand-in's leaves a Neon host on HTTPS and secure WebSockets", async () => {
    const local = neonDatabase(db.url);
    const remote = neonDatabase("postgres://app:secret@ep-quiet-band-123.example.invalid/neondb", 2000);
    // What the remote one tries to reach is recorded and refused (there is no Neon here); the rest goes out.
    const tried: string[] = [];
    const isRemote = (url: string) => new URL(url).hostname.endsWith(".invalid");
    const realFetch = globalThis.fetch;
    vi.stubGlobal("fetch", async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = input instanceof Request ? input.url : String(input);
      if (!isRemote(url)) return realFetch(input, init);
      tried.push(url);
      throw new TypeError("fetch failed");
    });
    const RealWebSocket = globalThis.WebSocket;
    vi.stubGlobal(
      "WebSocket",
      class extends RealWebSocket {
        constructor(url: string | URL, protocols?: string | string[]) {
          if (isRemote(String(url))) {
            tried.push(String(url));
            throw new Error("no Neon here");
          }
          super(url, protocols);
        }
      },
    );
    expect(isDatabaseUnavailable(await failure(asPg(remote).execute(sql`select 1`)))).toBe(true);
    expect(await failure(remote.transaction(async (tx) => (await tx.execute(sql`select 1`)).rows))).toBeInstanceOf(
      Error,
    );
    expect(tried[0]).toBe("https://api.example.invalid/sql");
    expect(tried[1]).toBe("wss://ep-quiet-band-123.example.invalid/v2");
    // The stand-in's own, opened first, still reaches it over http:// and ws://.
    expect(await asPg(local).execute(sql`select 1 as one`)).toMatchObject({ rows: [{ one: 1 }] });
    expect(await local.transaction(async (tx) => (await tx.execute(sql`select 2 as two`)).rows)).toEqual([{ two: 2 }]);
  });
});

/**
 * The Neon stand-in at a distance (STANDIN_DB_RTT_MS, stand-ins/neon-proxy.ts):
 * the app's own driver (lib/server/db/neon.ts) waits one added round trip per
 * HTTP query, two more for a new connection, and one per exchange of the
 * Postgres protocol over WebSocket, and the stand-in counts them. The waits are
 * checked as lower bounds only: a sleep never ends early, so these cannot
 * flake; how long things take at distance is the bench's to say.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { neonDatabase } from "@/lib/server/db/neon";
import type { Database } from "@/lib/server/db/types";
import { type LocalDatabase, standInRttMs, startLocalDatabase } from "../../stand-ins/local-db";

const RTT_MS = 40;
let local: LocalDatabase;
let db: Database;

beforeAll(async () => {
  local = await startLocalDatabase({ rttMs: RTT_MS });
  db = neonDatabase(await local.createDatabase("distance"));
}, 60_000);
afterAll(async () => {
  await local?.close();
});

/** What `work` waited for at the stand-in, and how long it took. */
async function measured(work: () => Promise<unknown>): Promise<{ roundTrips: number; ms: number }> {
  const before = local.proxy.roundTrips();
  const started = performance.now();
  await work();
  return { roundTrips: local.proxy.roundTrips() - before, ms: performance.now() - started };
}

describe("the Neon stand-in at a distance", () => {
  it("reads STANDIN_DB_RTT_MS as whole milliseconds, 0 when unset, and names it when wrong", () => {
    expect(standInRttMs({})).toBe(0);
    expect(standInRttMs({ STANDIN_DB_RTT_MS: "90" })).toBe(90);
    for (const wrong of ["-1", "1.5", "fast", "100000"])
      expect(() => standInRttMs({ STANDIN_DB_RTT_MS: wrong }), wrong).toThrow(/STANDIN_DB_RTT_MS/);
  });

  it("costs an HTTP query one round trip, and each new connection two more (TCP, TLS)", async () => {
    const first = await measured(() => db.execute(sql`select 1`));
    expect(first.roundTrips).toBe(3);
    expect(first.ms).toBeGreaterThanOrEqual(3 * RTT_MS);
    // Node's fetch may open a second connection for back-to-back requests; after that both are warm.
    const more = [];
    for (let i = 0; i < 4; i++) more.push(await measured(() => db.execute(sql`select 1`)));
    const costs = more.map((m) => m.roundTrips);
    expect(costs.filter((n) => n !== 1).length, String(costs)).toBeLessThanOrEqual(1);
    expect(
      costs.every((n) => n === 1 || n === 3),
      String(costs),
    ).toBe(true);
    const warm = more.at(-1)!;
    expect(warm.roundTrips).toBe(1);
    expect(warm.ms).toBeGreaterThanOrEqual(RTT_MS);
  });

  it("says it is busy while a statement waits out its distance, and idle once it is answered", async () => {
    expect(local.proxy.busy()).toBe(0);
    // Drizzle sends a query when it is awaited or then'd, not when it is built.
    const pending = db.execute(sql`select 1`).then(() => undefined);
    // The request reaches the stand-in at once; its answer comes a round trip later.
    const deadline = Date.now() + 5_000;
    while (local.proxy.busy() === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 1));
    expect(local.proxy.busy()).toBe(1);
    await pending;
    while (local.proxy.busy() > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 1));
    expect(local.proxy.busy()).toBe(0);
  });

  it("costs a transaction over WebSocket its set-up and one round trip per statement", async () => {
    const { roundTrips, ms } = await measured(() =>
      db.transaction(async (tx) => {
        await tx.execute(sql`select 1`);
        await tx.execute(sql`select 2`);
      }),
    );
    // TCP, TLS and the upgrade (3); the session's start with BEGIN pipelined behind it (the driver does);
    // two statements; COMMIT.
    expect(roundTrips).toBe(3 + 1 + 2 + 1);
    expect(ms).toBeGreaterThanOrEqual(roundTrips * RTT_MS);
  });
});

/**
 * The scheduled clean-up on Postgres: every kind of row that only grows is
 * deleted once it is past use (expired sessions included), in batches, all of
 * a backlog larger than one batch; and each kind apart from the others, so a
 * table that is locked or missing stops none of the rest.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { neonDatabase } from "@/lib/server/db/neon";
import { BATCH, runHousekeeping } from "@/lib/server/housekeeping";
import { createTestDatabase, type TestDatabase } from "../support/database";

let db: TestDatabase;

/** Expired and live rows of every kind; `expired` of each kind are past use. */
async function seed(expired: number) {
  await db.query(`insert into "user" (id, name, email, created_at, updated_at) values ('u', 'U', 'u@example.com', now(), now())
                  on conflict do nothing`);
  await db.query(
    `insert into security_event (id, created_at, type, success)
       select 'old-' || i, now() - interval '91 days', 'sign-in', true from generate_series(1, $1) i
     union all select 'recent', now() - interval '89 days', 'sign-in', true`,
    [expired],
  );
  await db.query(
    `insert into verification (id, identifier, value, expires_at, created_at, updated_at)
       select 'old-' || i, 'x', 'y', now() - interval '1 minute', now(), now() from generate_series(1, $1) i
     union all select 'valid', 'z', 'y', now() + interval '1 hour', now(), now()`,
    [expired],
  );
  await db.query(
    `insert into session (id, token, user_id, expires_at, created_at, updated_at)
       select 'old-' || i, 'token-' || i, 'u', now() - interval '1 minute', now(), now() from generate_series(1, $1) i
     union all select 'live', 'live-token', 'u', now() + interval '1 day', now(), now()`,
    [expired],
  );
  await db.query(
    `insert into rate_limit (id, key, count, last_request)
       select 'old-' || i, 'stale-' || i, 1, $2::bigint from generate_series(1, $1) i
     union all select 'live', 'live-key', 1, $3::bigint`,
    [expired, Date.now() - 2 * 86_400_000, Date.now()],
  );
}

const ids = async (table: string) => (await db.query<{ id: string }>(`select id from ${table}`)).map((r) => r.id);
const TABLES = ["security_event", "verification", "session", "rate_limit"];

beforeEach(async () => {
  db = await createTestDatabase();
});

describe("housekeeping", () => {
  it("deletes every expired row of every kind, a backlog of several batches, and keeps the rest", async () => {
    const backlog = BATCH * 2 + 7;
    await seed(backlog);
    const result = await runHousekeeping(neonDatabase(db.url), 90);
    expect(result).toEqual({
      securityEvents: backlog,
      verifications: backlog,
      sessions: backlog,
      rateLimits: backlog,
      failed: {},
      unfinished: [],
    });
    expect(await ids("security_event")).toEqual(["recent"]);
    expect(await ids("verification")).toEqual(["valid"]);
    expect(await ids("session")).toEqual(["live"]);
    expect(await ids("rate_limit")).toEqual(["live"]);
  });

  it("goes on with the other kinds when one table fails", async () => {
    await seed(3);
    await db.query(`alter table rate_limit rename to rate_limit_elsewhere`);
    const result = await runHousekeeping(neonDatabase(db.url), 90);
    expect(result.failed).toEqual({ rateLimits: expect.stringMatching(/42P01/) });
    expect([result.securityEvents, result.verifications, result.sessions]).toEqual([3, 3, 3]);
    expect(await ids("session")).toEqual(["live"]);
  });

  it("goes on with the other kinds while one table is locked", async () => {
    await seed(3);
    const result = await db.admin(db.name, async (holder) => {
      await holder.query("begin");
      await holder.query("lock table security_event in access exclusive mode");
      try {
        return await runHousekeeping(neonDatabase(db.url, 1000), 90);
      } finally {
        await holder.query("rollback");
      }
    });
    expect(Object.keys(result.failed)).toEqual(["securityEvents"]);
    expect([result.verifications, result.sessions, result.rateLimits]).toEqual([3, 3, 3]);
  });

  it("stops starting batches when its time is up, and says what is left", async () => {
    await seed(3);
    const result = await runHousekeeping(neonDatabase(db.url), 90, new Date(), 0);
    expect(result.unfinished.sort()).toEqual(["rateLimits", "securityEvents", "sessions", "verifications"]);
    for (const table of TABLES) expect((await ids(table)).length, table).toBe(4);
  });
});

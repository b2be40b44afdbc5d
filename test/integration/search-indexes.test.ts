/**
 * The admin console's searches match any part of an address or name
 * (`ilike '%…%'`, lib/server/db/like.ts). The trigram indexes of migration
 * 0005 are what keeps them from reading every row of a large user table or
 * security log: Postgres must be able to answer each search from them.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { containsPattern } from "@/lib/server/db/like";
import { createTestDatabase, type TestDatabase } from "../support/database";

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});

/** The plan Postgres chooses when it is told to avoid reading the whole table if it can. */
async function plan(sql: string, params: unknown[]): Promise<string> {
  return db.admin(db.name, async (client) => {
    await client.query("set enable_seqscan = off");
    const rows = (await client.query(`explain ${sql}`, params)).rows as { "QUERY PLAN": string }[];
    return rows.map((row) => row["QUERY PLAN"]).join("\n");
  });
}

describe("searching by part of an address or name", () => {
  it("reads the user table through its trigram indexes", async () => {
    const pattern = containsPattern("ada");
    const chosen = await plan(`select id from "user" where email ilike $1 or name ilike $1`, [pattern]);
    expect(chosen).toContain("user_email_trgm_idx");
    expect(chosen).toContain("user_name_trgm_idx");
    expect(chosen).not.toContain("Seq Scan");
  });

  it("reads the security log through its trigram index", async () => {
    const chosen = await plan(`select id from security_event where email ilike $1`, [containsPattern("ada@exa")]);
    expect(chosen).toContain("security_event_email_trgm_idx");
    expect(chosen).not.toContain("Seq Scan");
  });
});

/**
 * The admin security log's query string (lib/server/security-log/search.ts)
 * against the real query on Postgres: whatever is typed into the URL, the
 * page's query runs (no Invalid Date, no array where text belongs), and
 * names every object inherits are no event kinds.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { securityEvent } from "@/lib/server/db/app-schema";
import { neonDatabase } from "@/lib/server/db/neon";
import type { Database } from "@/lib/server/db/types";
import { isSecurityEventType } from "@/lib/server/security-log/events";
import { findEvents } from "@/lib/server/security-log/queries";
import { MAX_DAYS, readEventSearch } from "@/lib/server/security-log/search";
import { createTestDatabase } from "../support/database";

const DAY = 86_400_000;
const now = Date.now();
let db: Database;

beforeAll(async () => {
  db = neonDatabase((await createTestDatabase()).url);
  await db.insert(securityEvent).values([
    { id: "recent", type: "sign-in", success: false, email: "ann@example.com", createdAt: new Date(now - DAY / 2) },
    { id: "old", type: "sign-in", success: true, email: "ann@example.com", createdAt: new Date(now - 10 * DAY) },
  ]);
});

const found = async (params: Record<string, string | string[]>) =>
  (await findEvents(db, readEventSearch(params, now).filter)).map((row) => row.id);

describe("the period", () => {
  it("takes whole days, up to MAX_DAYS", async () => {
    expect(await found({ days: "1" })).toEqual(["recent"]);
    expect(await found({ days: "30" })).toEqual(["recent", "old"]);
    expect(readEventSearch({ days: String(MAX_DAYS) }, now).filter.since).toEqual(new Date(now - MAX_DAYS * DAY));
  });

  it.each(["1e20", "99999", "3651", "0", "-1", "1.5", "0x10", " 7", "Infinity", "NaN", ""])(
    "means any time for %j, and the query runs",
    async (days) => {
      const search = readEventSearch({ days }, now);
      expect(search.filter.since).toBeUndefined();
      expect(search.values.days).toBe("");
      expect(await found({ days })).toEqual(["recent", "old"]);
    },
  );
});

describe("the other parameters", () => {
  it("take the first of a repeated parameter", async () => {
    expect(await found({ who: ["ann@example.com", "x"], outcome: ["success", "failure"], days: ["30", "1"] })).toEqual([
      "old",
    ]);
  });

  it("search for text Postgres can hold (no NUL or other control characters)", async () => {
    expect(readEventSearch({ who: "ann\u0000@example.com\n" }).values.who).toBe("ann@example.com");
    expect(await found({ who: "ann\u0000@example.com", days: "1" })).toEqual(["recent"]);
  });

  it("bound what is searched for", () => {
    expect(readEventSearch({ who: `  ${"a".repeat(10_000)}@example.com ` }).values.who).toHaveLength(254);
  });

  it.each(["toString", "constructor", "__proto__", "hasOwnProperty", "valueOf"])(
    "know no event kind %j",
    async (type) => {
      expect(isSecurityEventType(type)).toBe(false);
      expect(readEventSearch({ type }).filter.type).toBeUndefined();
      expect(await found({ type })).toEqual(["recent", "old"]);
    },
  );

  it("filter by a kind and an outcome that exist", async () => {
    expect(isSecurityEventType("sign-in")).toBe(true);
    expect(await found({ type: "sign-in", outcome: "failure" })).toEqual(["recent"]);
    expect(await found({ type: "sign-up" })).toEqual([]);
  });
});

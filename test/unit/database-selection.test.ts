import { describe, expect, it } from "vitest";
import { openDatabase } from "@/lib/server/db";

describe("openDatabase", () => {
  it("uses Neon's HTTP driver when DATABASE_URL is set, without connecting until a query runs", async () => {
    const db = await openDatabase({
      databaseUrl: "postgres://u:p@127.0.0.1:9/none",
      databaseTimeoutMs: 5000,
      embeddedDataDir: "/nonexistent",
    });
    expect(db.constructor.name).toBe("NeonHttpDatabase");
  });
});

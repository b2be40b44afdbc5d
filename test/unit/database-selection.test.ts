import { Pool } from "@neondatabase/serverless";
import { describe, expect, it } from "vitest";
import { openDatabase } from "@/lib/db";

describe("openDatabase", () => {
  it("uses Neon's WebSocket Pool when DATABASE_URL is set, without connecting until a query runs", async () => {
    const handle = await openDatabase({ databaseUrl: "postgres://u:p@127.0.0.1:9/none", embeddedDataDir: "/nonexistent" });
    const client = (handle.db as unknown as { $client: unknown }).$client;
    expect(client).toBeInstanceOf(Pool);
    expect((client as Pool).totalCount).toBe(0);
    await handle.close();
  });
});

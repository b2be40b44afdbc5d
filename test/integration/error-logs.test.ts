/**
 * A failed query is logged by name and code, never with its parameters: drizzle's
 * message quotes them ("params: …"), and they carry addresses, password hashes
 * and tokens. The database is made to refuse one address (a check constraint),
 * and everything the app and Better Auth print while that sign-up fails is read.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { describeError } from "@/lib/server/db/errors";
import { neonDatabase } from "@/lib/server/db/neon";
import { user } from "@/lib/server/db/schema";
import { answerAuthRequest } from "@/lib/server/http/auth-failure";
import { createTestAuth, type TestAuth } from "../support/auth-instance";
import { TEST_PASSWORD } from "../support/constants";
import { createTestDatabase, type TestDatabase } from "../support/database";

let db: TestDatabase;
let t: TestAuth;
const MARKER = "refused-marker";

beforeAll(async () => {
  db = await createTestDatabase();
  t = createTestAuth(db.url);
  await db.query(`alter table "user" add constraint no_marker check (email not like '${MARKER}%')`);
});
afterEach(() => vi.restoreAllMocks());

/** Everything written to the console while `work` runs. */
async function printed(work: () => Promise<unknown>): Promise<string> {
  const lines: unknown[][] = [];
  for (const level of ["error", "warn", "info", "log", "debug"] as const)
    vi.spyOn(console, level).mockImplementation((...args) => void lines.push(args));
  await work();
  vi.restoreAllMocks();
  return lines
    .map((args) => args.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : String(a))).join(" "))
    .join("\n");
}

describe("a failing query's log line", () => {
  it("names the error and its code, without the query's parameters", async () => {
    const email = `${MARKER}-${crypto.randomUUID()}@example.com`;
    let status = 0;
    const output = await printed(async () => {
      const response = await t.request("/sign-up/email", {
        body: { name: "Name-Marker", email, password: TEST_PASSWORD },
      });
      status = response.status;
      await t.log.flush();
    });
    // Better Auth answers it itself (422 FAILED_TO_CREATE_USER) and logs what it caught.
    expect(status).toBe(422);
    expect(output).toMatch(/\[auth\] error: Failed to create user DrizzleQueryError < \w+ 23514/);
    expect(output).not.toContain(email);
    expect(output).not.toContain("Name-Marker");
    expect(output).not.toMatch(/params|scrypt|\$2[aby]\$|[0-9a-f]{32}:[0-9a-f]{64}/);
  });

  it("is the auth route's 500 line too, for a failure Better Auth does not catch", async () => {
    const email = `${MARKER}-${crypto.randomUUID()}@example.com`;
    const failing = async (): Promise<Response> => {
      await neonDatabase(db.url).insert(user).values({ id: crypto.randomUUID(), name: "Name-Marker", email });
      return new Response(null);
    };
    let status = 0;
    const output = await printed(async () => {
      status = (await answerAuthRequest(new Request("http://localhost:3000/api/auth/x", { method: "POST" }), failing))
        .status;
    });
    expect(status).toBe(500);
    expect(output).toBe("[auth] 500 for POST /api/auth/x: DrizzleQueryError < NeonDbError 23514");
  });

  it("describes drizzle's error by class and SQLSTATE only", async () => {
    const error = await neonDatabase(db.url)
      .insert(user)
      .values({ id: "x", name: "secret-name", email: `${MARKER}@example.com` })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(String((error as Error).message)).toContain("params:"); // what used to reach the log
    expect(describeError(error)).toBe("DrizzleQueryError < NeonDbError 23514");
    expect(describeError(error)).not.toContain("secret-name");
  });
});
